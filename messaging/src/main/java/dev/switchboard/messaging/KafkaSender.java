package dev.switchboard.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.BUFFER_MEMORY_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.COMPRESSION_TYPE_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
import static org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG;

/**
 * Sends every record a service produces (jobs, completion records, dead letters) with one plain
 * Kafka producer and tells when Kafka acknowledged each: a job counts as submitted, a completion as
 * recorded, a dead letter as kept (and the offset behind it as safe to commit), only then. Its settings are the shared
 * Kafka ones ({@code kafka.*}, where the gateway bounds how long a send may take) and the fixed
 * ones of {@link #properties}.
 * <p>
 * Never blocks its caller, an event loop most of the time: {@code KafkaProducer.send} may block
 * (the metadata of a topic not seen yet, a full buffer) for up to {@code max.block.ms}, so every
 * send is handed to one thread of its own, which keeps the order in which they were asked for.
 * Acknowledgements complete on the producer's I/O thread: what follows them must be short.
 */
@Singleton
public class KafkaSender {

    /** Records carry whole conversations: several MB is normal, tens of MB allowed. */
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final long BUFFER_BYTES = 128L * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final Producer<String, byte[]> producer;
    private final ExecutorService sends = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("kafka-sender").daemon().factory());

    @Inject
    public KafkaSender(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this(new KafkaProducer<>(properties(kafka)));
    }

    public KafkaSender(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * The producer's properties: the shared Kafka settings, then keys as strings and values as
     * bytes, records of several MB compressed, every in-sync replica's acknowledgement, and no
     * linger (a job is sent the moment it is ready: batching would add its linger to every time to
     * first token). Idempotence stays Kafka's default (on).
     */
    public static Map<String, Object> properties(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        props.put(BUFFER_MEMORY_CONFIG, BUFFER_BYTES);
        props.put(ACKS_CONFIG, "all");
        props.put(LINGER_MS_CONFIG, 0);
        return props;
    }

    /** Completes when Kafka acknowledged the record, or failed when it did not within the delivery timeout. */
    public CompletionStage<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            sends.execute(() -> {
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure == null) {
                            acked.complete(null);
                        } else {
                            acked.completeExceptionally(failure);
                        }
                    });
                } catch (RuntimeException e) {
                    acked.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            acked.completeExceptionally(new IllegalStateException("the Kafka sender is closed", e));
        }
        return acked;
    }

    /** Sends what was asked for before, waits a little for its acknowledgements, and closes. */
    @PreDestroy
    void close() {
        sends.shutdown();
        try {
            sends.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_WAIT);
    }
}
