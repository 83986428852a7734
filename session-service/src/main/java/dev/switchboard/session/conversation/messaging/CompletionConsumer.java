package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.Topics;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code llm.completions} with a plain Kafka consumer on a thread of its own, one record at a
 * time, and commits a record's offset only after its transaction committed (or its dead letter was
 * acknowledged): a record is never lost, and one delivered twice changes nothing.
 *
 * <p>While a record waits for the database, the consumer pauses its partitions and goes on
 * polling: it stays in its group (no rebalance however long the outage), takes nothing new, and
 * catches up once the record is stored. Nothing here reports unhealthy because a record waits; the
 * database's own readiness check tells that the database is away.
 */
@ApplicationScoped
public class CompletionConsumer {

    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Completions carry whole conversations: several MB is normal. */
    private static final int MAX_FETCH_BYTES = 64 * 1024 * 1024;
    /** Few records a poll: each may be MBs, and each waits for its own transaction. */
    private static final int MAX_POLL_RECORDS = 20;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    /** What the consumer does now, for the health check. */
    public enum State {
        STARTING, CONSUMING, WAITING, STOPPED, FAILED
    }

    private final Map<String, Object> kafka;
    private final CompletionsConsumerConfig config;
    private final CompletionHandler handler;
    /** Offsets of records done with and not yet committed; only the consumer thread touches it. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    /** Partitions taken away since the last poll of the main loop: their records in hand are dropped. */
    private final Set<TopicPartition> revoked = new HashSet<>();
    private volatile boolean stopping;
    private volatile State state = State.STARTING;
    private volatile Instant waitingSince;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private boolean paused;

    public CompletionConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                              CompletionsConsumerConfig config, CompletionHandler handler) {
        this.kafka = kafka;
        this.config = config;
        this.handler = handler;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "completions-consumer");
        // A consumer stuck past the shutdown wait must not keep the JVM alive: whatever it had not
        // committed is delivered again and changes nothing.
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(SHUTDOWN_WAIT.toMillis());
        }
    }

    public State state() {
        return state;
    }

    /** Since when the record in hand waits, or null when none does. */
    public Instant waitingSince() {
        return waitingSince;
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Completions published before the group first joined are conversations too.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        return props;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(properties())) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(Topics.COMPLETIONS), new Rebalance(kafkaConsumer));
            state = State.CONSUMING;
            LOG.infof("consuming %s as group %s", Topics.COMPLETIONS, config.groupId());
            while (!stopping) {
                try {
                    revoked.clear();
                    process(kafkaConsumer, kafkaConsumer.poll(POLL));
                    commit(kafkaConsumer, false);
                } catch (WakeupException e) {
                    // stop() woke the consumer; the loop's condition decides.
                }
            }
            commit(kafkaConsumer, true);
            state = State.STOPPED;
        } catch (RuntimeException e) {
            state = State.FAILED;
            LOG.error("the completions consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void process(KafkaConsumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (stopping || revoked.contains(partition)) {
                    break;
                }
                boolean handled = handler.handle(record, new PausingWaiter(kafkaConsumer, partition, record.offset()));
                resumeIfPaused(kafkaConsumer);
                if (!handled) {
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
    }

    /**
     * Waits between two tries at a record: pauses every partition and polls, which keeps the
     * consumer in its group and lets rebalances happen, until the delay is over.
     */
    private final class PausingWaiter implements RecordRetry.Waiter {

        private final KafkaConsumer<String, byte[]> kafkaConsumer;
        private final TopicPartition partition;
        private final long offset;

        PausingWaiter(KafkaConsumer<String, byte[]> kafkaConsumer, TopicPartition partition, long offset) {
            this.kafkaConsumer = kafkaConsumer;
            this.partition = partition;
            this.offset = offset;
        }

        @Override
        public boolean await(Duration delay, Exception failure, boolean transientFailure) {
            if (!paused) {
                kafkaConsumer.pause(kafkaConsumer.assignment());
                paused = true;
                waitingSince = Instant.now();
                state = State.WAITING;
                LOG.infof("consumption paused while record %s@%d waits", partition, offset);
            }
            long deadline = System.nanoTime() + delay.toNanos();
            while (!stopping && !revoked.contains(partition)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                ConsumerRecords<String, byte[]> stray = kafkaConsumer.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())));
                rewind(kafkaConsumer, stray);
            }
            return !stopping && !revoked.contains(partition);
        }
    }

    /** Paused partitions return nothing; should records come all the same, they are fetched again later. */
    private static void rewind(KafkaConsumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            kafkaConsumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    private void resumeIfPaused(KafkaConsumer<String, byte[]> kafkaConsumer) {
        if (!paused) {
            return;
        }
        kafkaConsumer.resume(kafkaConsumer.paused());
        paused = false;
        LOG.infof("consumption resumed after waiting since %s", waitingSince);
        waitingSince = null;
        state = State.CONSUMING;
    }

    private void commit(KafkaConsumer<String, byte[]> kafkaConsumer, boolean sync) {
        if (done.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(done);
        done.clear();
        if (sync) {
            try {
                kafkaConsumer.commitSync(offsets);
            } catch (KafkaException e) {
                LOG.warnf("final offset commit failed; those records are delivered again and change nothing: %s", e.getMessage());
            }
        } else {
            kafkaConsumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    LOG.warnf("offset commit failed; those records are delivered again and change nothing: %s", failure.getMessage());
                }
            });
        }
    }

    /** Commits what is done before partitions move, and keeps new ones paused while a record waits. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafkaConsumer;

        Rebalance(KafkaConsumer<String, byte[]> kafkaConsumer) {
            this.kafkaConsumer = kafkaConsumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = done.remove(partition);
                if (offset != null) {
                    offsets.put(partition, offset);
                }
            }
            if (!offsets.isEmpty()) {
                try {
                    kafkaConsumer.commitSync(offsets);
                } catch (KafkaException e) {
                    LOG.warnf("offset commit before a rebalance failed; those records are delivered again and change nothing: %s",
                            e.getMessage());
                }
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
            partitions.forEach(done::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                kafkaConsumer.pause(partitions);
            }
            LOG.infof("now reading %s", partitions);
        }
    }
}
