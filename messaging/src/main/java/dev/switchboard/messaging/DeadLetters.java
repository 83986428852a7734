package dev.switchboard.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Where a record that cannot be processed goes: the {@code .dlq} twin of its topic, byte for byte
 * with its original key, the reason, and the consumer group that gave it up (several groups read
 * one topic, and a replay is meant for one of them). Sent by the service's one {@link KafkaSender},
 * like every other record.
 */
public final class DeadLetters {

    private final KafkaSender sender;
    private final String consumerGroup;

    /** @param consumerGroup the group of the consumer that gives records up */
    public DeadLetters(KafkaSender sender, String consumerGroup) {
        this.sender = sender;
        this.consumerGroup = consumerGroup;
    }

    /** Completes when Kafka acknowledged the dead letter. */
    public CompletionStage<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        return sender.send(letter(record, reason, consumerGroup));
    }

    /** The dead letter of {@code record}: same key and value, on the {@code .dlq} twin, with the reason and the group. */
    public static ProducerRecord<String, byte[]> letter(ConsumerRecord<String, byte[]> record, String reason, String consumerGroup) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessagingChannels.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(MessagingChannels.DEAD_LETTER_CONSUMER_HEADER, consumerGroup.getBytes(StandardCharsets.UTF_8));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return new ProducerRecord<>(Topics.deadLetter(record.topic()), null, record.key(), value, headers);
    }
}
