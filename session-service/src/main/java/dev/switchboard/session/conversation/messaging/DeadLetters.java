package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import dev.switchboard.contract.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps records that cannot be stored, byte for byte and with the reason in the
 * {@code switchboard-dlq-reason} header and this service's consumer group in
 * {@code switchboard-dlq-consumer}, in the {@code .dlq} twin of their topic.
 */
@ApplicationScoped
public class DeadLetters {

    private final Emitter<byte[]> emitter;
    private final byte[] consumerGroup;

    public DeadLetters(@Channel(MessagingChannels.DEAD_LETTERS_OUT) Emitter<byte[]> emitter, CompletionsConsumerConfig config) {
        this.emitter = emitter;
        this.consumerGroup = config.groupId().getBytes(StandardCharsets.UTF_8);
    }

    /** Completes when Kafka acknowledged the dead letter. */
    public CompletionStage<Void> send(String topic, String key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessagingChannels.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(MessagingChannels.DEAD_LETTER_CONSUMER_HEADER, consumerGroup);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(Message.of(value == null ? new byte[0] : value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.deadLetter(topic))
                        .withKey(key)
                        .withHeaders(headers)
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
