package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import dev.switchboard.messaging.AckedSend;
import dev.switchboard.messaging.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/**
 * Keeps records that cannot be stored, byte for byte, with the reason and this service's consumer
 * group, in the {@code .dlq} twin of their topic.
 */
@ApplicationScoped
public class DeadLetters {

    private final Emitter<byte[]> emitter;
    private final String consumerGroup;

    public DeadLetters(@Channel(MessagingChannels.DEAD_LETTERS_OUT) Emitter<byte[]> emitter, CompletionsConsumerConfig config) {
        this.emitter = emitter;
        this.consumerGroup = config.groupId();
    }

    /** Completes when Kafka acknowledged the dead letter. */
    public CompletionStage<Void> send(String topic, String key, byte[] value, String reason) {
        return AckedSend.send(emitter, value == null ? new byte[0] : value, DeadLetter.metadata(topic, key, reason, consumerGroup));
    }
}
