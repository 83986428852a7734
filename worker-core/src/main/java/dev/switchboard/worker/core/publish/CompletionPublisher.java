package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.AckedSend;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/**
 * Sends the one completion record of each job to {@code llm.completions}, keyed by conversation
 * (the job id when there is none): a conversation's turns land on one partition, so the session
 * service stores them in the order they happened.
 */
@ApplicationScoped
public class CompletionPublisher {

    private final Emitter<byte[]> emitter;

    public CompletionPublisher(@Channel(MessagingChannels.COMPLETIONS_OUT) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** Completes when Kafka acknowledged the record. */
    public CompletionStage<Void> publish(Completion completion) {
        return AckedSend.send(emitter, Codec.COMPLETION.encode(completion), OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.COMPLETIONS)
                .withKey(completion.kafkaKey())
                .build());
    }
}
