package dev.switchboard.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Where a record that cannot be processed goes: the {@code .dlq} twin of its topic, byte for byte
 * with its original key, the reason, and the consumer group that gave it up (several groups read
 * one topic, and a replay is meant for one of them).
 */
public final class DeadLetters {

    private final Emitter<byte[]> emitter;
    private final String consumerGroup;

    /**
     * @param emitter       the {@link MessagingChannels#DEAD_LETTERS_OUT} channel
     * @param consumerGroup the group of the consumer that gives records up
     */
    public DeadLetters(Emitter<byte[]> emitter, String consumerGroup) {
        this.emitter = emitter;
        this.consumerGroup = consumerGroup;
    }

    /** Completes when Kafka acknowledged the dead letter. */
    public CompletionStage<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return AckedSend.send(emitter, value, metadata(record.topic(), record.key(), reason, consumerGroup));
    }

    public static OutgoingKafkaRecordMetadata<String> metadata(String topic, String key, String reason, String consumerGroup) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessagingChannels.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(MessagingChannels.DEAD_LETTER_CONSUMER_HEADER, consumerGroup.getBytes(StandardCharsets.UTF_8));
        return OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(Topics.deadLetter(topic))
                .withKey(key)
                .withHeaders(headers)
                .build();
    }
}
