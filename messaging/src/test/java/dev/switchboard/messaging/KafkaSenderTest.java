package dev.switchboard.messaging;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaSenderTest {

    private final CountDownLatch metadataArrives = new CountDownLatch(1);
    private volatile String sendingThread;
    /** Blocks in send until {@link #metadataArrives}, as KafkaProducer does for a topic it has no metadata for yet. */
    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
            new ByteArraySerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            sendingThread = Thread.currentThread().getName();
            try {
                metadataArrives.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(record, callback);
        }
    };
    private final KafkaSender sender = new KafkaSender(producer);

    @AfterEach
    void close() {
        metadataArrives.countDown();
        sender.close();
    }

    @Test
    @Timeout(10)
    void aSendThatBlocksInTheProducerDoesNotBlockItsCaller() {
        CompletionStage<Void> acked = sender.send(new ProducerRecord<>("llm.jobs.ollama", "conv-1", new byte[] {1}));

        assertThat(acked.toCompletableFuture()).isNotDone();
        await().atMost(Duration.ofSeconds(5)).until(() -> sendingThread != null);
        assertThat(sendingThread).isEqualTo("kafka-sender").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void itCompletesWhenKafkaAcknowledgesAndFailsWhenKafkaDoesNot() {
        metadataArrives.countDown();
        CompletableFuture<Void> first = sender.send(new ProducerRecord<>("llm.jobs.ollama", "conv-1", new byte[] {1})).toCompletableFuture();
        CompletableFuture<Void> second = sender.send(new ProducerRecord<>("llm.jobs.ollama", "conv-1", new byte[] {2})).toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
        assertThat(first).isNotDone();

        producer.completeNext();
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for llm.jobs.ollama-0: 4500 ms has passed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> first.isDone() && second.isDone());
        assertThat(first).isCompleted();
        assertThat(second).isCompletedExceptionally();
    }

    @Test
    void recordsGoOutInTheOrderTheyWereSent() {
        metadataArrives.countDown();
        for (byte i = 0; i < 50; i++) {
            sender.send(new ProducerRecord<>("llm.completions", "conv-" + (i % 3), new byte[] {i}));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 50);
        for (byte i = 0; i < 50; i++) {
            assertThat(producer.history().get(i).value()).containsExactly(i);
        }
    }

    @Test
    void aClosedSenderFailsWhatItIsAskedToSend() {
        metadataArrives.countDown();
        sender.close();

        assertThat(sender.send(new ProducerRecord<>("llm.completions", "conv-1", new byte[] {1})).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void theSharedKafkaSettingsComeFirstAndTheRecordSettingsAreFixed() {
        Map<String, Object> props = KafkaSender.properties(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4500, ProducerConfig.LINGER_MS_CONFIG, 5));

        assertThat(props).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4500)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024)
                .doesNotContainKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    }
}
