package dev.switchboard.gateway.pipeline;

import dev.switchboard.messaging.KafkaSender;
import dev.switchboard.messaging.consumer.Backoff;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An interrupted job's completion outlasts a Kafka outage longer than the producer's own delivery timeout. */
class CompletionRecorderTest {

    private final MockProducer<String, byte[]> kafka = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer());
    private final CompletionRecorder recorder = new CompletionRecorder(new KafkaSender(kafka));
    private final ProducerRecord<String, byte[]> record = new ProducerRecord<>("llm.completions", "job-1",
            "{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void aSendKafkaTimedOutIsSentAgainUntilKafkaTakesIt() {
        recorder.send("job-1", record, Instant.now().plusSeconds(60), new Backoff(Duration.ofMillis(20), Duration.ofMillis(20)), 1);

        for (int attempt = 1; attempt <= 3; attempt++) {
            int sent = attempt;
            await().atMost(Duration.ofSeconds(5)).until(() -> kafka.history().size() == sent);
            await().atMost(Duration.ofSeconds(5)).until(() -> kafka.errorNext(new TimeoutException("Kafka is away")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.history().size() == 4);
        assertThat(kafka.completeNext()).isTrue();

        assertThat(kafka.history()).hasSize(4).allSatisfy(sent -> assertThat(sent).isSameAs(record));
    }

    @Test
    void itGivesUpOncePatienceRanOut() throws InterruptedException {
        recorder.send("job-1", record, Instant.now().plusMillis(50), new Backoff(Duration.ofMillis(100), Duration.ofMillis(100)), 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.history().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.errorNext(new TimeoutException("Kafka is away")));
        Thread.sleep(300);

        assertThat(kafka.history()).hasSize(1);
    }
}
