package dev.switchboard.metrics.usage.messaging;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds the records of one Kafka consumer, in order, to a {@link RecordProcessor}, and commits an
 * offset only once every record before it is stored or dead-lettered: a record is never lost, and
 * one delivered again is stored once because storing is idempotent.
 * <p>
 * When a record must be tried again (the database is down), the loop pauses every partition and
 * keeps polling, which takes nothing but keeps the consumer in its group however long the outage
 * lasts; it tries the record again after a backoff, and resumes once it went through. Nothing
 * else waits meanwhile: no unacknowledged-record timer (SmallRye's throttled commit strategy)
 * and no {@code max.poll.interval.ms} runs out.
 * <p>
 * Not thread-safe: one thread runs it; only {@link #stop()}, {@link #blockedSince()} and
 * {@link #failedTries()} may be called from others.
 */
final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final Consumer<String, byte[]> consumer;
    private final RecordProcessor processor;
    private final Backoff backoff;
    private final InstantSource clock;
    private final Duration pollTimeout;
    /** Polled and not yet done, in offset order per partition; the first is the one being tried. */
    private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    /** The next offset to commit, per partition, for what is done and not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    /** Failed tries of the first pending record (read by the health check), and how many were not outages. */
    private volatile int failures;
    private int attempts;
    /** When the first pending record is tried again; null unless the loop waits. */
    private Instant retryAt;
    private volatile Instant blockedSince;
    private volatile boolean stopping;

    ConsumerLoop(Consumer<String, byte[]> consumer, RecordProcessor processor, Backoff backoff, InstantSource clock,
                 Duration pollTimeout) {
        this.consumer = consumer;
        this.processor = processor;
        this.backoff = backoff;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
    }

    void subscribe(String topic) {
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** Runs until {@link #stop()}; commits what is done on the way out. */
    void run() {
        try {
            while (!stopping) {
                try {
                    step();
                } catch (WakeupException e) {
                    // stop() woke a poll or a commit: the loop condition decides.
                }
            }
        } finally {
            commitDone();
        }
    }

    /** Asks the loop to end after the record at hand; callable from any thread. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Since when a record has been waiting to be tried again, while consumption is paused. */
    Optional<Instant> blockedSince() {
        return Optional.ofNullable(blockedSince);
    }

    /** How often the record that holds consumption up has failed so far; 0 when none does. */
    int failedTries() {
        return failures;
    }

    /** One turn: wait out a backoff, or poll; then process what is pending and commit what is done. */
    void step() {
        if (retryAt != null) {
            Duration left = Duration.between(clock.instant(), retryAt);
            if (left.isPositive()) {
                // Every partition is paused: the poll returns nothing, but it keeps this consumer in its group.
                consumer.poll(left.compareTo(pollTimeout) < 0 ? left : pollTimeout);
                return;
            }
        } else if (pending.isEmpty()) {
            consumer.poll(pollTimeout).forEach(pending::addLast);
        }
        processPending();
        commitDone();
    }

    private void processPending() {
        while (!pending.isEmpty() && !stopping) {
            ConsumerRecord<String, byte[]> record = pending.peekFirst();
            switch (processor.process(record, attempts + 1)) {
                case Outcome.Stored stored -> finished(record);
                case Outcome.DeadLettered deadLettered -> finished(record);
                case Outcome.Retry retry -> {
                    waitBeforeRetry(record, retry);
                    return;
                }
            }
        }
    }

    private void finished(ConsumerRecord<String, byte[]> record) {
        pending.removeFirst();
        done.put(partitionOf(record), new OffsetAndMetadata(record.offset() + 1));
        failures = 0;
        attempts = 0;
        if (retryAt != null) {
            LOG.infof("record %s went through after %s; consuming %s again",
                    where(record), Duration.between(blockedSince, clock.instant()), record.topic());
            unblock();
        }
    }

    private void waitBeforeRetry(ConsumerRecord<String, byte[]> record, Outcome.Retry retry) {
        failures++;
        if (!retry.outage()) {
            attempts++;
        }
        Duration wait = backoff.after(failures);
        retryAt = clock.instant().plus(wait);
        if (blockedSince == null) {
            blockedSince = clock.instant();
            consumer.pause(consumer.assignment());
            LOG.warnf("record %s not stored (%s); consumption paused, trying again in %s",
                    where(record), retry.reason(), wait);
        } else {
            LOG.warnf("record %s still not stored after %d tries (%s); trying again in %s",
                    where(record), failures, retry.reason(), wait);
        }
        // What was stored before this record is safe: say so to Kafka now rather than after the outage.
        commitDone();
    }

    private void unblock() {
        retryAt = null;
        blockedSince = null;
        consumer.resume(consumer.paused());
    }

    private void commitDone() {
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done);
            done.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Kept for the next commit; if the partition moves meanwhile its new owner gets these
            // records again, and stores nothing twice.
            LOG.warnf("offset commit failed, tried again later: %s", e.getMessage());
        }
    }

    /** Drops what was polled from partitions this consumer no longer owns. */
    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(done::remove);
        ConsumerRecord<String, byte[]> head = pending.peekFirst();
        pending.removeIf(record -> partitions.contains(partitionOf(record)));
        if (head != null && pending.peekFirst() != head) {
            failures = 0;
            attempts = 0;
        }
        if (pending.isEmpty() && retryAt != null) {
            unblock();
        }
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }

    private static String where(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " (key " + record.key() + ")";
    }

    /** Commits before partitions move; drops what this consumer no longer owns; keeps new partitions paused while it waits. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitDone();
            } catch (WakeupException e) {
                // Stopping: the new owner starts at the last committed offset and stores nothing twice.
                LOG.debug("offset commit before a rebalance was interrupted");
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Too late to commit: the new owner gets these records again, and stores nothing twice.
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (retryAt != null) {
                consumer.pause(partitions);
            }
            LOG.infof("consuming %s", partitions);
        }
    }
}
