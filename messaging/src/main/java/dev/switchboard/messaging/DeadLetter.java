package dev.switchboard.messaging;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Where a record that cannot be processed goes: the {@code .dlq} twin of its topic, with its
 * original key, the reason, and the consumer group that gave it up (several groups read one topic,
 * and a replay is meant for one of them).
 */
public final class DeadLetter {

    private DeadLetter() {
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
