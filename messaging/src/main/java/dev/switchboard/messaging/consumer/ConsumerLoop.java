package dev.switchboard.messaging.consumer;

import dev.switchboard.messaging.DeadLetters;
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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds the records of one Kafka consumer, in order, to a {@link RecordHandler}, at most
 * {@code maxInFlight} at a time, and commits an offset only once every record before it is done
 * or acknowledged in the dead-letter topic: a record is never lost, and handlers make a record
 * delivered again change nothing.
 * <p>
 * When it holds {@code maxInFlight} records, or a record must be tried again (the database is
 * down), the loop pauses every partition and keeps polling, which takes nothing but keeps the
 * consumer in its group however long a job runs or an outage lasts; no {@code
 * max.poll.interval.ms} runs out, and what the consumer has not taken stays in Kafka for the rest
 * of the group. A record to try again is tried after a backoff, before anything after it, and
 * consumption resumes once it went through.
 * <p>
 * Not thread-safe: one thread runs it. Handlers may answer from any thread; {@link #stop()},
 * {@link #blockedSince()}, {@link #failedTries()}, {@link #inFlight()} and {@link #revocations()}
 * may be called from any thread.
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    /** After a drain's grace, how long cancelled work may take to end. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
    private static final Duration DRAIN_POLL = Duration.ofMillis(20);

    private final Consumer<String, byte[]> consumer;
    private final RecordHandler handler;
    private final DeadLetters deadLetters;
    private final int maxInFlight;
    private final Backoff backoff;
    private final InstantSource clock;
    private final Duration pollTimeout;
    /** Polled and not yet started, in offset order per partition; a record to try again comes first. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    /** What handlers and dead-letter sends answered, possibly from other threads, not yet applied. */
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger revocations = new AtomicInteger();
    /** The record that failed last and its failed tries (all, for the backoff) and attempts (not outages). */
    private ConsumerRecord<String, byte[]> failing;
    private volatile int failures;
    private int attempts;
    /** When the record that failed is tried again; null unless the loop waits. */
    private Instant retryAt;
    private volatile Instant blockedSince;
    private boolean paused;
    private volatile boolean stopping;
    private volatile Thread loopThread;

    /** A record to start; {@code deadLetter} is the reason when only its dead letter is still to send. */
    private record Pending(ConsumerRecord<String, byte[]> record, String deadLetter) {
    }

    /** What became of a started record. */
    private sealed interface Answer {
    }

    private record Handled(ConsumerRecord<String, byte[]> record, Outcome outcome) implements Answer {
    }

    private record DeadLettered(ConsumerRecord<String, byte[]> record, String reason, Throwable failure) implements Answer {
    }

    public ConsumerLoop(Consumer<String, byte[]> consumer, RecordHandler handler, DeadLetters deadLetters, int maxInFlight,
                        Backoff backoff, InstantSource clock, Duration pollTimeout) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one record in flight, not " + maxInFlight);
        }
        this.consumer = consumer;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.maxInFlight = maxInFlight;
        this.backoff = backoff;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
    }

    public void subscribe(String topic) {
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** Runs until {@link #stop()}; commits what is done on the way out. */
    public void run() {
        loopThread = Thread.currentThread();
        try {
            while (!stopping) {
                try {
                    step();
                } catch (WakeupException e) {
                    // A handler answered from another thread, or stop() was called: look again.
                }
            }
        } finally {
            finalCommit();
        }
    }

    /**
     * After {@link #run()}: waits for the records in flight to end, up to {@code grace}; then
     * calls {@code cancel} and waits a little longer; then commits what is done.
     */
    public void drain(Duration grace, Runnable cancel) {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean cancelled = false;
        while (inFlight.get() > 0) {
            settle();
            if (!cancelled && System.nanoTime() > deadline) {
                cancel.run();
                cancelled = true;
            } else if (cancelled && System.nanoTime() > deadline + CANCEL_WAIT.toNanos()) {
                LOG.warnf("%d records still in flight after the grace; they are delivered again", inFlight.get());
                break;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(DRAIN_POLL.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        settle();
        finalCommit();
    }

    /** Asks the loop to end after the record at hand; callable from any thread. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Since when a record has been waiting to be tried again, while consumption is paused. */
    public Optional<Instant> blockedSince() {
        return Optional.ofNullable(blockedSince);
    }

    /** How often the record that holds consumption up has failed so far; 0 when none does. */
    public int failedTries() {
        return failures;
    }

    /** Records started and not yet done with. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many times a rebalance took partitions from this consumer. */
    public int revocations() {
        return revocations.get();
    }

    /** One turn: wait out a backoff, or poll when nothing is left to start; then start what may start and commit what is done. */
    public void step() {
        settle();
        pauseOrResume();
        if (retryAt != null) {
            Duration left = Duration.between(clock.instant(), retryAt);
            if (left.isPositive()) {
                // Every partition is paused: the poll returns nothing, but it keeps this consumer in its group.
                poll(left.compareTo(pollTimeout) < 0 ? left : pollTimeout);
                settle();
                commit();
                return;
            }
        } else if (pending.isEmpty()) {
            // At capacity every partition is paused: the poll waits for an answer, or takes nothing.
            poll(pollTimeout);
        }
        process();
        commit();
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(record -> pending.addLast(new Pending(record, null)));
    }

    /** Starts records while there is room and nothing waits for a retry; applies the answers as they come. */
    private void process() {
        while (!stopping) {
            settle();
            if (retryAt != null && clock.instant().isBefore(retryAt)) {
                break;
            }
            retryAt = null;
            if (pending.isEmpty() || inFlight.get() >= maxInFlight) {
                break;
            }
            start(pending.pollFirst());
        }
        settle();
        pauseOrResume();
    }

    private void start(Pending next) {
        ConsumerRecord<String, byte[]> record = next.record();
        offsets.computeIfAbsent(partitionOf(record), partition -> new PartitionOffsets()).taken(record.offset());
        inFlight.incrementAndGet();
        if (next.deadLetter() != null) {
            sendDeadLetter(record, next.deadLetter());
            return;
        }
        CompletionStage<Outcome> answer;
        try {
            answer = handler.handle(record, attempts(record) + 1);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((outcome, failure) -> answered(new Handled(record, outcome != null ? outcome
                : new Outcome.Retry("the handler failed: " + StoreFailurePolicy.describe(failure), false))));
    }

    private int attempts(ConsumerRecord<String, byte[]> record) {
        return record == failing ? attempts : 0;
    }

    private void sendDeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.send(record, reason)
                .whenComplete((ignored, failure) -> answered(new DeadLettered(record, reason, failure)));
    }

    private void answered(Answer answer) {
        answers.add(answer);
        if (Thread.currentThread() != loopThread && loopThread != null) {
            // Wake the poll so the answer is applied, and a free slot used, at once.
            consumer.wakeup();
        }
    }

    private void settle() {
        Answer answer;
        while ((answer = answers.poll()) != null) {
            apply(answer);
        }
    }

    private void apply(Answer answer) {
        switch (answer) {
            case Handled(var record, Outcome.Done done) -> finished(record);
            case Handled(var record, Outcome.DeadLetter(String reason)) -> {
                LOG.errorf("record %s goes to the dead-letter topic: %s", where(record), reason);
                sendDeadLetter(record, reason);
            }
            case Handled(var record, Outcome.Retry retry) -> retryLater(record, retry, null);
            case DeadLettered(var record, String reason, Throwable failure) when failure == null -> {
                handler.deadLettered(record, reason);
                finished(record);
            }
            case DeadLettered(var record, String reason, Throwable failure) -> retryLater(record, new Outcome.Retry(
                    "the dead-letter topic cannot be written: " + StoreFailurePolicy.describe(failure), true), reason);
        }
    }

    private void finished(ConsumerRecord<String, byte[]> record) {
        inFlight.decrementAndGet();
        PartitionOffsets partition = offsets.get(partitionOf(record));
        if (partition != null) {
            partition.finished(record.offset());
        }
        if (record == failing) {
            if (blockedSince != null) {
                LOG.infof("record %s went through after %s; consuming %s again",
                        where(record), Duration.between(blockedSince, clock.instant()), record.topic());
            }
            clearFailure();
        }
    }

    private void retryLater(ConsumerRecord<String, byte[]> record, Outcome.Retry retry, String deadLetter) {
        inFlight.decrementAndGet();
        if (!offsets.containsKey(partitionOf(record))) {
            // Its partition moved meanwhile: the new owner tries it.
            return;
        }
        if (record != failing) {
            clearFailure();
            failing = record;
        }
        failures++;
        if (!retry.outage()) {
            attempts++;
        }
        Duration wait = backoff.after(failures);
        retryAt = clock.instant().plus(wait);
        pending.addFirst(new Pending(record, deadLetter));
        if (blockedSince == null) {
            blockedSince = clock.instant();
            LOG.warnf("record %s not done (%s); consumption paused, trying again in %s", where(record), retry.reason(), wait);
        } else if (failures % 10 == 0 || !retry.outage()) {
            // An outage of hours logs every tenth try, not each.
            LOG.warnf("record %s still not done after %d tries (%s); trying again in %s",
                    where(record), failures, retry.reason(), wait);
        }
        pauseOrResume();
    }

    private void clearFailure() {
        failing = null;
        failures = 0;
        attempts = 0;
        retryAt = null;
        blockedSince = null;
    }

    private void pauseOrResume() {
        boolean pause = blockedSince != null || inFlight.get() >= maxInFlight;
        if (pause && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (!pause && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /**
     * Asks Kafka to commit what is done, without waiting: the loop's thread is the one that takes
     * the next record, and a commit is a round trip to the group coordinator. The answer is applied
     * in a later poll; a failed commit is asked again with the next one.
     */
    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> commits = commitable();
        if (!commits.isEmpty()) {
            consumer.commitAsync(commits, (ignored, failure) -> answeredCommit(commits, failure));
        }
    }

    /** Commits what is done and waits for it: before partitions move, and on the way out. */
    private void commitAndWait() {
        Map<TopicPartition, OffsetAndMetadata> commits = commitable();
        if (commits.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commits);
            answeredCommit(commits, null);
        } catch (WakeupException e) {
            answeredCommit(commits, e);
            throw e;
        } catch (KafkaException e) {
            answeredCommit(commits, e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> commitable() {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, state) -> {
            long offset = state.commitable();
            if (offset >= 0) {
                commits.put(partition, new OffsetAndMetadata(offset));
                state.asked(offset);
            }
        });
        return commits;
    }

    private void answeredCommit(Map<TopicPartition, OffsetAndMetadata> commits, Exception failure) {
        commits.forEach((partition, offset) -> {
            PartitionOffsets state = offsets.get(partition);
            if (state == null) {
                return;
            }
            if (failure == null) {
                state.committed(offset.offset());
            } else {
                state.notCommitted();
            }
        });
        if (failure != null && !(failure instanceof WakeupException)) {
            // Committed with the next commit; if the partition moves meanwhile its new owner gets
            // these records again, and they change nothing.
            LOG.warnf("offset commit failed, tried again later: %s", failure.getMessage());
        }
    }

    /** A commit on the way out; a wake-up meant for the loop must not cost it. */
    private void finalCommit() {
        for (int tries = 0; tries < 3; tries++) {
            try {
                commitAndWait();
                return;
            } catch (WakeupException e) {
                // Try once more: the wake-up is spent.
            }
        }
    }

    /** Drops what was taken from partitions this consumer no longer owns: their new owner gets it again. */
    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(offsets::remove);
        pending.removeIf(next -> partitions.contains(partitionOf(next.record())));
        if (failing != null && partitions.contains(partitionOf(failing))) {
            clearFailure();
        }
        pauseOrResume();
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
            if (!partitions.isEmpty()) {
                revocations.incrementAndGet();
            }
            settle();
            try {
                commitAndWait();
            } catch (WakeupException e) {
                // The new owner starts at the last committed offset, and what it gets again changes nothing.
                LOG.debug("offset commit before a rebalance was interrupted");
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Too late to commit: the new owner gets these records again, and they change nothing.
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
            LOG.infof("consuming %s", partitions);
        }
    }
}
