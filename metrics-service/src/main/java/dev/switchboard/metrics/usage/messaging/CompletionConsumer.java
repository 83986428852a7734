package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.Topics;
import dev.switchboard.metrics.config.ConsumerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_BYTES_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG;

/**
 * Takes completion records from {@code llm.completions} with a plain Kafka consumer on a thread
 * of its own, which may block while a record is stored (see {@link ConsumerLoop} for the commit
 * and pause rules). Should the consumer itself fail, it is replaced after a wait.
 */
@ApplicationScoped
public class CompletionConsumer {

    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Completions carry whole conversations: several MB is normal. */
    private static final int MAX_FETCH_BYTES = 64 * 1024 * 1024;

    private final Map<String, Object> kafka;
    private final ConsumerConfig config;
    private final CompletionHandler handler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ConsumerLoop loop;
    private volatile boolean stopping;
    private Thread thread;

    public CompletionConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, ConsumerConfig config,
                              CompletionHandler handler) {
        this.kafka = kafka;
        this.config = config;
        this.handler = handler;
    }

    void start(@Observes StartupEvent event) {
        thread = Thread.ofPlatform().name("completion-consumer").start(this::consume);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        stopped.countDown();
        ConsumerLoop current = loop;
        if (current != null) {
            current.stop();
        }
        if (thread != null) {
            // The record at hand may take up to the store timeout.
            thread.join(config.storeTimeout().plusSeconds(5).toMillis());
        }
    }

    /** True while the consumer thread runs. */
    public boolean running() {
        return thread != null && thread.isAlive() && !stopping;
    }

    /** Since when consumption has been paused because a record cannot be stored yet. */
    public Optional<Instant> blockedSince() {
        ConsumerLoop current = loop;
        return current == null ? Optional.empty() : current.blockedSince();
    }

    /** How often the record that holds consumption up has failed so far; 0 when none does. */
    public int failedTries() {
        ConsumerLoop current = loop;
        return current == null ? 0 : current.failedTries();
    }

    private void consume() {
        while (!stopping) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
                ConsumerLoop current = new ConsumerLoop(consumer, handler,
                        new Backoff(config.retryInitial(), config.retryMax()), InstantSource.system(), POLL);
                loop = current;
                if (stopping) {
                    return;
                }
                current.subscribe(Topics.COMPLETIONS);
                LOG.infof("storing usage from %s as group %s", Topics.COMPLETIONS, config.groupId());
                current.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "the completion consumer failed; a new one starts in %s", config.retryMax());
                awaitStop(config.retryMax());
            } finally {
                loop = null;
            }
        }
    }

    private void awaitStop(Duration wait) {
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(GROUP_ID_CONFIG, config.groupId());
        props.put(KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Offsets are committed by the loop, only for records whose usage is stored.
        props.put(ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group (first deployment) counts what the topic still holds.
        props.put(AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        props.put(FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        return props;
    }
}
