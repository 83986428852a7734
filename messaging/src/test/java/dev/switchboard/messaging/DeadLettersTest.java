package dev.switchboard.messaging;

import dev.switchboard.contract.MessagingChannels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

    @Test
    void aDeadLetterKeepsItsKeyAndValueAndSaysWhyAndWhoGaveItUp() {
        byte[] value = "{\"schemaVersion\":1,".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("llm.completions", 2, 17, "conv-1", value);

        ProducerRecord<String, byte[]> letter = DeadLetters.letter(record, "not a completion", "switchboard-metrics-service");

        assertThat(letter.topic()).isEqualTo("llm.completions.dlq");
        assertThat(letter.partition()).as("the dead-letter topic partitions by key").isNull();
        assertThat(letter.key()).isEqualTo("conv-1");
        assertThat(letter.value()).isEqualTo(value);
        assertThat(header(letter, MessagingChannels.DEAD_LETTER_REASON_HEADER)).isEqualTo("not a completion");
        assertThat(header(letter, MessagingChannels.DEAD_LETTER_CONSUMER_HEADER)).isEqualTo("switchboard-metrics-service");
    }

    @Test
    void aRecordWithoutAValueIsDeadLetteredEmpty() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("llm.jobs.ollama", 0, 3, "job-1", null);

        assertThat(DeadLetters.letter(record, "not a job", "switchboard-worker-ollama").value()).isEmpty();
    }

    private static String header(ProducerRecord<String, byte[]> letter, String name) {
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
