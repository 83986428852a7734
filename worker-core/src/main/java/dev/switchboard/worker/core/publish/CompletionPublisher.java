package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.Topics;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.KafkaSender;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.CompletionStage;

/**
 * Sends the one completion record of each job to {@code llm.completions}, keyed by conversation
 * (the job id when there is none): a conversation's turns land on one partition, so the session
 * service stores them in the order they happened.
 */
@ApplicationScoped
public class CompletionPublisher {

    private final KafkaSender sender;

    public CompletionPublisher(KafkaSender sender) {
        this.sender = sender;
    }

    /** Completes when Kafka acknowledged the record. */
    public CompletionStage<Void> publish(Completion completion) {
        return sender.send(new ProducerRecord<>(Topics.COMPLETIONS, completion.kafkaKey(), Codec.COMPLETION.encode(completion)));
    }
}
