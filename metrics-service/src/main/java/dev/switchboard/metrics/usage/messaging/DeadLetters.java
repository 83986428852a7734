package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.metrics.config.ConsumerConfig;
import dev.switchboard.messaging.AckedSend;
import dev.switchboard.messaging.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/**
 * Keeps records that cannot be processed, with the reason, in the {@code .dlq} twin of their
 * topic. Session and metrics services both read {@code llm.completions} and share its dead-letter
 * topic, so each letter also names the consumer group that gave up on it: the one to replay it to.
 */
@ApplicationScoped
public class DeadLetters {

    /** Header naming the consumer group that dead-lettered the record. */
    public static final String CONSUMER_HEADER = MessagingChannels.DEAD_LETTER_CONSUMER_HEADER;

    private final Emitter<byte[]> emitter;
    private final String consumerGroup;

    public DeadLetters(@Channel(MessagingChannels.DEAD_LETTERS_OUT) Emitter<byte[]> emitter, ConsumerConfig config) {
        this.emitter = emitter;
        this.consumerGroup = config.groupId();
    }

    /** Completes when Kafka acknowledged the record. */
    public CompletionStage<Void> send(String topic, String key, byte[] value, String reason) {
        return AckedSend.send(emitter, value == null ? new byte[0] : value, DeadLetter.metadata(topic, key, reason, consumerGroup));
    }
}
