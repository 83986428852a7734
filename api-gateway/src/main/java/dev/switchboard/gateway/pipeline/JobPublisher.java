package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
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
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<byte[]> message = Message.of(Codec.JOB.encode(job))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.jobs(job.pool()))
                        .withKey(job.kafkaKey())
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
