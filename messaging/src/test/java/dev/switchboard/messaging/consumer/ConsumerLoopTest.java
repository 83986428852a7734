package dev.switchboard.messaging.consumer;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.messaging.DeadLetters;
import dev.switchboard.messaging.KafkaSender;
import io.vertx.sqlclient.ClosedConnectionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The commit, pause, retry and dead-letter rules of the one consumer loop, against Kafka's
 * MockConsumer, a scripted handler and a Kafka sender that acknowledges or refuses dead letters.
 */
class ConsumerLoopTest {

    private static final String TOPIC = "llm.completions";
    private static final String GROUP = "switchboard-metrics-service";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Outcome.Retry OUTAGE = new Outcome.Retry("database unavailable", true);
    private static final Outcome.Retry REFUSED = new Outcome.Retry("value too long", false);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final ManualClock clock = new ManualClock();
    private final ScriptedHandler handler = new ScriptedHandler();
    private final ScriptedSender sender = new ScriptedSender();
    private ConsumerLoop loop;

    @BeforeEach
    void setUp() {
        loop = loop(handler, 1, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    }

    private ConsumerLoop loop(RecordHandler recordHandler, int maxInFlight, Backoff backoff) {
        ConsumerLoop created = new ConsumerLoop(consumer, recordHandler, new DeadLetters(sender, GROUP), maxInFlight,
                backoff, clock, Duration.ofMillis(10));
        created.subscribe(TOPIC);
        consumer.rebalance(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        return created;
    }

    private void add(TopicPartition partition, long offset, String key) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), offset, key,
                key.getBytes(StandardCharsets.UTF_8)));
    }

    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? null : offset.offset();
    }

    @Test
    void recordsAreProcessedInOrderAndCommittedOnceDone() {
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");

        loop.step();

        assertThat(handler.tries).containsExactly("a#1", "b#1", "c#1");
        assertThat(committed(P0)).isEqualTo(3L);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void aCommitIsAskedWithoutWaitingOnceAndAskedAgainOnlyWhenItFailed() {
        HeldCommits held = new HeldCommits();
        ConsumerLoop heldLoop = new ConsumerLoop(held, handler, new DeadLetters(sender, GROUP), 1,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock, Duration.ofMillis(10));
        heldLoop.subscribe(TOPIC);
        held.rebalance(List.of(P0, P1));
        held.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        held.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "a", "a".getBytes(StandardCharsets.UTF_8)));

        heldLoop.step();
        assertThat(handler.tries).containsExactly("a#1");
        assertThat(held.asked).as("asked, and the step went on without its answer").containsExactly(Map.of(P0, 1L));

        heldLoop.step();
        assertThat(held.asked).as("not asked again while it is on its way").hasSize(1);

        held.answer(new RebalanceInProgressException("moving"));
        heldLoop.step();
        assertThat(held.asked).as("a failed commit is asked again").containsExactly(Map.of(P0, 1L), Map.of(P0, 1L));

        held.answer(null);
        held.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "b", "b".getBytes(StandardCharsets.UTF_8)));
        heldLoop.step();
        assertThat(held.asked).as("after a commit that went through, only what is new").endsWith(Map.of(P0, 2L));
        assertThat(held.asked).hasSize(3);
    }

    /** Kafka's MockConsumer, but a commit asked without waiting is answered only when the test says so. */
    private static final class HeldCommits extends MockConsumer<String, byte[]> {

        final List<Map<TopicPartition, Long>> asked = new ArrayList<>();
        private final Deque<OffsetCommitCallback> callbacks = new ArrayDeque<>();
        private final Deque<Map<TopicPartition, OffsetAndMetadata>> offsets = new ArrayDeque<>();

        HeldCommits() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> commit,
                                             OffsetCommitCallback callback) {
            Map<TopicPartition, Long> plain = new HashMap<>();
            commit.forEach((partition, offset) -> plain.put(partition, offset.offset()));
            asked.add(plain);
            offsets.add(commit);
            callbacks.add(callback);
        }

        /** Answers the oldest commit asked: with the failure, or (null) done. */
        void answer(Exception failure) {
            Map<TopicPartition, OffsetAndMetadata> commit = offsets.poll();
            if (failure == null) {
                super.commitAsync(commit, null);
            }
            callbacks.poll().onComplete(commit, failure);
        }
    }

    @Test
    void whileTheDatabaseIsDownConsumptionPausesAndNothingAfterTheWaitingRecordIsCommitted() {
        handler.script("b", OUTAGE, OUTAGE, OUTAGE);
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");

        loop.step();
        assertThat(handler.tries).containsExactly("a#1", "b#1");
        assertThat(committed(P0)).as("a is stored, b is not").isEqualTo(1L);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(loop.blockedSince()).contains(clock.instant());

        add(P0, 3, "d");
        loop.step();
        assertThat(handler.tries).as("nothing is tried before the backoff ends, nothing new is taken").hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(handler.tries).containsExactly("a#1", "b#1", "b#1");

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(handler.tries).as("the second wait is twice the first").hasSize(3);

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(handler.tries).containsExactly("a#1", "b#1", "b#1", "b#1");
        assertThat(committed(P0)).isEqualTo(1L);
        assertThat(loop.failedTries()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(4));
        loop.step();
        assertThat(handler.tries).as("an outage never counts as an attempt")
                .containsExactly("a#1", "b#1", "b#1", "b#1", "b#1", "c#1");
        assertThat(committed(P0)).isEqualTo(3L);
        assertThat(consumer.paused()).isEmpty();
        assertThat(loop.blockedSince()).isEmpty();
        assertThat(loop.failedTries()).isZero();

        loop.step();
        assertThat(handler.tries).endsWith("c#1", "d#1");
        assertThat(committed(P0)).isEqualTo(4L);
        assertThat(sender.keys).isEmpty();
    }

    @Test
    void aRecordRefusedWhileTheDatabaseIsUpCountsItsAttemptsUntilItIsDeadLettered() {
        handler.script("b", REFUSED, REFUSED, new Outcome.DeadLetter("not stored after 3 tries: value too long"));
        add(P0, 0, "b");
        add(P0, 1, "c");

        loop.step();
        clock.advance(Duration.ofSeconds(1));
        loop.step();
        clock.advance(Duration.ofSeconds(2));
        loop.step();

        assertThat(handler.tries).containsExactly("b#1", "b#2", "b#3", "c#1");
        assertThat(sender.keys).containsExactly("b");
        assertThat(sender.reasons).containsExactly("not stored after 3 tries: value too long");
        assertThat(sender.groups).containsExactly(GROUP);
        assertThat(sender.topics).containsExactly("llm.completions.dlq");
        assertThat(handler.deadLettered).containsExactly("b");
        assertThat(committed(P0)).isEqualTo(2L);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void aDeadLetterKafkaRefusesIsSentAgainAfterTheBackoffWithoutHandlingTheRecordAgain() {
        handler.script("a", new Outcome.DeadLetter("not a completion"));
        sender.refuse(2);
        add(P0, 0, "a");
        add(P0, 1, "b");

        loop.step();
        assertThat(committed(P0)).isNull();
        assertThat(loop.blockedSince()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(committed(P0)).isNull();
        clock.advance(Duration.ofSeconds(2));
        loop.step();

        assertThat(handler.tries).as("the handler decided once").containsExactly("a#1", "b#1");
        assertThat(sender.sends).hasValue(3);
        assertThat(sender.keys).containsExactly("a");
        assertThat(committed(P0)).isEqualTo(2L);
    }

    @Test
    void partitionsAssignedDuringAnOutageStayPausedAndARevokedWaitingRecordIsLeftToItsNewOwner() {
        handler.script("a", OUTAGE, OUTAGE, OUTAGE);
        add(P0, 0, "a");
        loop.step();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);

        TopicPartition p2 = new TopicPartition(TOPIC, 2);
        consumer.rebalance(List.of(P0, P1, p2));
        assertThat(consumer.paused()).contains(p2);

        consumer.rebalance(List.of(P1, p2));
        assertThat(loop.blockedSince()).as("nothing is left to wait for").isEmpty();
        assertThat(consumer.paused()).isEmpty();
        assertThat(committed(P0)).as("a was never stored: its new owner gets it").isNull();
        assertThat(loop.revocations()).isEqualTo(1);

        consumer.updateBeginningOffsets(Map.of(p2, 0L));
        add(P1, 0, "b");
        loop.step();
        assertThat(handler.tries).containsExactly("a#1", "b#1");
        assertThat(committed(P1)).isEqualTo(1L);
    }

    @Test
    void stoppingEndsTheLoopAfterCommittingWhatIsDone() throws InterruptedException {
        Thread thread = Thread.ofPlatform().daemon().start(loop::run);
        add(P0, 0, "a");
        add(P1, 0, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.tries.size() == 2);

        loop.stop();
        thread.join(Duration.ofSeconds(10));

        assertThat(thread.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(committed(P0))
                && Long.valueOf(1).equals(committed(P1)));
    }

    @Test
    void atCapacityEveryPartitionIsPausedAndJobsFinishingOutOfOrderAreCommittedUpToTheOldestRunning() {
        Map<String, CompletableFuture<Outcome>> running = new ConcurrentHashMap<>();
        ConsumerLoop jobs = loop((record, attempt) -> running.computeIfAbsent(record.key(), key -> new CompletableFuture<>()),
                2, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");

        jobs.step();
        assertThat(running).containsOnlyKeys("a", "b");
        assertThat(jobs.inFlight()).isEqualTo(2);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);

        running.get("b").complete(Outcome.DONE);
        jobs.step();
        assertThat(committed(P0)).as("a still runs").isNull();
        assertThat(running).containsOnlyKeys("a", "b", "c");
        assertThat(consumer.paused()).as("full again").containsExactlyInAnyOrder(P0, P1);

        running.get("a").complete(Outcome.DONE);
        jobs.step();
        assertThat(committed(P0)).as("a and b are done, c runs").isEqualTo(2L);
        assertThat(consumer.paused()).isEmpty();

        running.get("c").complete(Outcome.DONE);
        jobs.step();
        assertThat(committed(P0)).isEqualTo(3L);
        assertThat(jobs.inFlight()).isZero();
    }

    @Test
    void aJobAnsweringFromAnotherThreadIsAppliedByTheLoopsThread() throws InterruptedException {
        CompletableFuture<Outcome> job = new CompletableFuture<>();
        ConsumerLoop jobs = new ConsumerLoop(consumer, (record, attempt) -> job, new DeadLetters(sender, GROUP), 1,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), InstantSource.system(), Duration.ofMinutes(5));
        jobs.subscribe(TOPIC);
        consumer.rebalance(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        add(P0, 0, "a");
        Thread thread = Thread.ofPlatform().daemon().start(jobs::run);
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.inFlight() == 1);

        job.complete(Outcome.DONE);

        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(committed(P0)));
        jobs.stop();
        thread.join(Duration.ofSeconds(10));
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void stoppingWithJobsRunningWaitsForThemThenCancelsTheRest() {
        CompletableFuture<Outcome> quick = new CompletableFuture<>();
        CompletableFuture<Outcome> slow = new CompletableFuture<>();
        ConsumerLoop jobs = loop((record, attempt) -> record.key().equals("quick") ? quick : slow, 2,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        add(P0, 0, "quick");
        add(P1, 0, "slow");
        jobs.step();
        assertThat(jobs.inFlight()).isEqualTo(2);
        quick.complete(Outcome.DONE);

        AtomicInteger cancels = new AtomicInteger();
        jobs.drain(Duration.ofMillis(50), () -> {
            cancels.incrementAndGet();
            slow.complete(Outcome.DONE);
        });

        assertThat(cancels).hasValue(1);
        assertThat(committed(P0)).isEqualTo(1L);
        assertThat(committed(P1)).isEqualTo(1L);
    }

    // The retry rules of a consumer that stores records, with the store failing as a stopped PostgreSQL does.

    private final StoreFailurePolicy policy = new StoreFailurePolicy(3);
    private final List<Instant> storeTries = new ArrayList<>();

    private ConsumerLoop storing(Store store) {
        return loop((record, attempt) -> {
            storeTries.add(clock.instant());
            try {
                store.run(storeTries.size());
                return CompletableFuture.completedFuture(Outcome.DONE);
            } catch (Exception e) {
                return CompletableFuture.completedFuture(policy.outcome(e, attempt, () -> true, "record " + record.key()));
            }
        }, 1, new Backoff(Duration.ofMillis(100), Duration.ofMillis(800)));
    }

    /** Steps the loop, 10 ms at a time, until the record is done with or a minute passed. */
    private void stepUntilCommitted(ConsumerLoop storingLoop, TopicPartition partition, long offset) {
        for (int i = 0; i < 6_000 && !Long.valueOf(offset).equals(committed(partition)); i++) {
            storingLoop.step();
            clock.advance(Duration.ofMillis(10));
        }
    }

    private List<Duration> waits() {
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < storeTries.size(); i++) {
            waits.add(Duration.between(storeTries.get(i - 1), storeTries.get(i)));
        }
        return waits;
    }

    @Test
    void aDatabaseThatIsDownIsWaitedForAsLongAsItTakesWithACappedBackoff() {
        ConsumerLoop storingLoop = storing(attempt -> {
            if (attempt <= 20) {
                throw new IllegalStateException("HR000071: connection failed",
                        new ConnectException("Connection refused: /127.0.0.1:5432"));
            }
        });
        add(P0, 0, "a");

        stepUntilCommitted(storingLoop, P0, 1);

        assertThat(storeTries).hasSize(21);
        assertThat(waits()).hasSize(20);
        assertThat(waits().subList(0, 5)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(800));
        assertThat(waits()).allMatch(wait -> wait.compareTo(Duration.ofMillis(800)) <= 0);
        assertThat(sender.keys).isEmpty();
    }

    @Test
    void aConnectionDroppedMidTransactionIsTriedAgain() {
        ConsumerLoop storingLoop = storing(attempt -> {
            if (attempt == 1) {
                throw new RuntimeException(ClosedConnectionException.INSTANCE);
            }
        });
        add(P0, 0, "a");

        stepUntilCommitted(storingLoop, P0, 1);

        assertThat(storeTries).hasSize(2);
        assertThat(sender.keys).isEmpty();
    }

    @Test
    void aRecordTheDatabaseRefusesIsDeadLetteredAfterTheConfiguredTries() {
        ConsumerLoop storingLoop = storing(attempt -> {
            throw new IllegalArgumentException("value too long");
        });
        add(P0, 0, "a");

        stepUntilCommitted(storingLoop, P0, 1);

        assertThat(storeTries).hasSize(3);
        assertThat(waits()).hasSize(2);
        assertThat(sender.keys).containsExactly("a");
        assertThat(sender.reasons.getFirst())
                .isEqualTo("not stored after 3 tries: record a: IllegalArgumentException: value too long");
    }

    @Test
    void anOutageDoesNotUseUpTheTriesOfABrokenRecord() {
        ConsumerLoop storingLoop = storing(attempt -> {
            if (attempt % 2 == 1 && attempt < 10) {
                throw new RuntimeException(new ConnectException("Connection refused"));
            }
            if (attempt < 10) {
                throw new IllegalArgumentException("refused");
            }
        });
        add(P0, 0, "a");

        stepUntilCommitted(storingLoop, P0, 1);

        assertThat(storeTries).hasSize(6);
        assertThat(sender.keys).containsExactly("a");
    }

    @Test
    void aConsumerThatStopsLetsTheWaitingRecordGo() throws InterruptedException {
        ConsumerLoop storingLoop = storing(attempt -> {
            throw new RuntimeException(new ConnectException("Connection refused"));
        });
        add(P0, 0, "a");
        storingLoop.step();
        assertThat(storingLoop.blockedSince()).isPresent();

        Thread thread = Thread.ofPlatform().daemon().start(storingLoop::run);
        storingLoop.stop();
        thread.join(Duration.ofSeconds(10));

        assertThat(thread.isAlive()).isFalse();
        assertThat(committed(P0)).as("delivered again to whoever consumes next").isNull();
        assertThat(sender.keys).isEmpty();
    }

    @FunctionalInterface
    private interface Store {
        void run(int attempt) throws Exception;
    }

    /** Answers each record's tries from a script; records without one are done. */
    private static final class ScriptedHandler implements RecordHandler {

        final List<String> tries = new CopyOnWriteArrayList<>();
        final List<String> deadLettered = new CopyOnWriteArrayList<>();
        private final Map<String, Deque<Outcome>> scripts = new ConcurrentHashMap<>();

        void script(String key, Outcome... outcomes) {
            scripts.put(key, new ArrayDeque<>(List.of(outcomes)));
        }

        @Override
        public CompletionStage<Outcome> handle(ConsumerRecord<String, byte[]> record, int attempt) {
            tries.add(record.key() + "#" + attempt);
            Deque<Outcome> script = scripts.get(record.key());
            return CompletableFuture.completedFuture(script == null || script.isEmpty() ? Outcome.DONE : script.poll());
        }

        @Override
        public void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {
            deadLettered.add(record.key());
        }
    }

    /** The service's Kafka sender, seen from the dead letters: acknowledges each record at once, or refuses the first few. */
    private static final class ScriptedSender extends KafkaSender {

        final List<String> keys = new CopyOnWriteArrayList<>();
        final List<String> reasons = new CopyOnWriteArrayList<>();
        final List<String> groups = new CopyOnWriteArrayList<>();
        final List<String> topics = new CopyOnWriteArrayList<>();
        final AtomicInteger sends = new AtomicInteger();
        private final AtomicInteger refusals = new AtomicInteger();

        ScriptedSender() {
            super(new MockProducer<>());
        }

        void refuse(int times) {
            refusals.set(times);
        }

        @Override
        public CompletionStage<Void> send(ProducerRecord<String, byte[]> record) {
            sends.incrementAndGet();
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("the broker is away"));
            }
            keys.add(record.key());
            topics.add(record.topic());
            reasons.add(header(record, MessagingChannels.DEAD_LETTER_REASON_HEADER));
            groups.add(header(record, MessagingChannels.DEAD_LETTER_CONSUMER_HEADER));
            return CompletableFuture.completedFuture(null);
        }

        private static String header(ProducerRecord<String, byte[]> record, String name) {
            return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
        }
    }

    private static final class ManualClock implements InstantSource {

        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }
}
