package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.AckedSend;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/** Publishes jobs to their pool's topic, keyed so that a conversation stays on one partition. */
@ApplicationScoped
public class JobPublisher {

    private final Emitter<byte[]> emitter;

    public JobPublisher(@Channel(MessagingChannels.JOBS_OUT) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Completes when Kafka has the job. */
    public CompletionStage<Void> publish(GenerationJob job) {
        return AckedSend.send(emitter, Codec.JOB.encode(job), OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.jobs(job.pool()))
                .withKey(job.kafkaKey())
                .build());
    }
}
