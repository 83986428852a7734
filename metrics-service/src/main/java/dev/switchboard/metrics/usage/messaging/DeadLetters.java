package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.metrics.config.ConsumerConfig;
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
 * Keeps records that cannot be processed, with the reason, in the {@code .dlq} twin of their
 * topic: the same conventions as the workers' dead letters (key and value as received, the
 * reason in the {@link MessagingChannels#DEAD_LETTER_REASON_HEADER} header). Session and metrics
 * services both read {@code llm.completions} and share its dead-letter topic, so each letter also
 * names the consumer group that gave up on it: the one to replay it to.
 */
@ApplicationScoped
public class DeadLetters {

    /** Header naming the consumer group that dead-lettered the record. */
    public static final String CONSUMER_HEADER = MessagingChannels.DEAD_LETTER_CONSUMER_HEADER;

    private final Emitter<byte[]> emitter;
    private final byte[] consumerGroup;

    public DeadLetters(@Channel(MessagingChannels.DEAD_LETTERS_OUT) Emitter<byte[]> emitter, ConsumerConfig config) {
        this.emitter = emitter;
        this.consumerGroup = config.groupId().getBytes(StandardCharsets.UTF_8);
    }

    /** Completes when Kafka acknowledged the record. */
    public CompletionStage<Void> send(String topic, String key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessagingChannels.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(CONSUMER_HEADER, consumerGroup);
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
