package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.Topics;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.KafkaSender;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.CompletionStage;

/** Publishes jobs to their pool's topic, keyed so that a conversation stays on one partition. */
@ApplicationScoped
public class JobPublisher {

    private final KafkaSender sender;

    public JobPublisher(KafkaSender sender) {
        this.sender = sender;
    }

    /** Completes when Kafka has the job. */
    public CompletionStage<Void> publish(GenerationJob job) {
        return sender.send(new ProducerRecord<>(Topics.jobs(job.pool()), job.kafkaKey(), Codec.JOB.encode(job)));
    }
}
