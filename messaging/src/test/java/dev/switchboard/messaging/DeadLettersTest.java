package dev.switchboard.messaging;

import dev.switchboard.contract.MessagingChannels;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    @Test
    void aDeadLetterKeepsItsKeyAndSaysWhyAndWhoGaveItUp() {
        OutgoingKafkaRecordMetadata<String> metadata = DeadLetters.metadata("llm.completions", "conv-1", "not a completion", "switchboard-metrics-service");

        assertThat(metadata.getTopic()).isEqualTo("llm.completions.dlq");
        assertThat(metadata.getKey()).isEqualTo("conv-1");
        assertThat(new String(metadata.getHeaders().lastHeader(MessagingChannels.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("not a completion");
        assertThat(new String(metadata.getHeaders().lastHeader(MessagingChannels.DEAD_LETTER_CONSUMER_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("switchboard-metrics-service");
    }
}
