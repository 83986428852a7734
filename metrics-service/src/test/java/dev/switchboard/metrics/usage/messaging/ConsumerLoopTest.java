package dev.switchboard.metrics.usage.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The commit, pause and retry rules of the consumer, against Kafka's MockConsumer and a scripted processor. */
class ConsumerLoopTest {

    private static final String TOPIC = "llm.completions";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Outcome.Retry OUTAGE = new Outcome.Retry("database unavailable", true);
    private static final Outcome.Retry REFUSED = new Outcome.Retry("value too long", false);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final ManualClock clock = new ManualClock();
    private final ScriptedProcessor processor = new ScriptedProcessor();
    private ConsumerLoop loop;

    @BeforeEach
    void setUp() {
        loop = new ConsumerLoop(consumer, processor, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4)), clock,
                Duration.ofMillis(10));
        loop.subscribe(TOPIC);
        consumer.rebalance(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
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

        assertThat(processor.tries).containsExactly("a#1", "b#1", "c#1");
        assertThat(committed(P0)).isEqualTo(3L);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void whileTheDatabaseIsDownConsumptionPausesAndNothingAfterTheWaitingRecordIsCommitted() {
        processor.script("b", OUTAGE, OUTAGE, OUTAGE);
        add(P0, 0, "a");
        add(P0, 1, "b");
        add(P0, 2, "c");

        loop.step();
        assertThat(processor.tries).containsExactly("a#1", "b#1");
        assertThat(committed(P0)).as("a is stored, b is not").isEqualTo(1L);
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(loop.blockedSince()).contains(clock.instant());

        add(P0, 3, "d");
        loop.step();
        assertThat(processor.tries).as("nothing is tried before the backoff ends, nothing new is taken").hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(processor.tries).containsExactly("a#1", "b#1", "b#1");

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(processor.tries).as("the second wait is twice the first").hasSize(3);

        clock.advance(Duration.ofSeconds(1));
        loop.step();
        assertThat(processor.tries).containsExactly("a#1", "b#1", "b#1", "b#1");
        assertThat(committed(P0)).isEqualTo(1L);

        clock.advance(Duration.ofSeconds(4));
        loop.step();
        assertThat(processor.tries).as("an outage never counts as an attempt")
                .containsExactly("a#1", "b#1", "b#1", "b#1", "b#1", "c#1");
        assertThat(committed(P0)).isEqualTo(3L);
        assertThat(consumer.paused()).isEmpty();
        assertThat(loop.blockedSince()).isEmpty();

        loop.step();
        assertThat(processor.tries).endsWith("c#1", "d#1");
        assertThat(committed(P0)).isEqualTo(4L);
        assertThat(processor.deadLettered).isEmpty();
    }

    @Test
    void aRecordRefusedWhileTheDatabaseIsUpCountsItsAttemptsUntilItIsDeadLettered() {
        processor.script("b", REFUSED, REFUSED, new Outcome.DeadLettered());
        add(P0, 0, "b");
        add(P0, 1, "c");

        loop.step();
        clock.advance(Duration.ofSeconds(1));
        loop.step();
        clock.advance(Duration.ofSeconds(2));
        loop.step();

        assertThat(processor.tries).containsExactly("b#1", "b#2", "b#3", "c#1");
        assertThat(processor.deadLettered).containsExactly("b");
        assertThat(committed(P0)).isEqualTo(2L);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void partitionsAssignedDuringAnOutageStayPausedAndARevokedWaitingRecordIsLeftToItsNewOwner() {
        processor.script("a", OUTAGE, OUTAGE, OUTAGE);
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

        consumer.updateBeginningOffsets(Map.of(p2, 0L));
        add(P1, 0, "b");
        loop.step();
        assertThat(processor.tries).containsExactly("a#1", "b#1");
        assertThat(committed(P1)).isEqualTo(1L);
    }

    @Test
    void stoppingEndsTheLoopAfterCommittingWhatIsDone() throws InterruptedException {
        Thread thread = Thread.ofPlatform().daemon().start(loop::run);
        add(P0, 0, "a");
        add(P1, 0, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> processor.tries.size() == 2);

        loop.stop();
        thread.join(Duration.ofSeconds(10));

        assertThat(thread.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(committed(P0))
                && Long.valueOf(1).equals(committed(P1)));
    }

    /** Answers each record's tries from a script; records without one are stored. */
    private static final class ScriptedProcessor implements RecordProcessor {

        final List<String> tries = new CopyOnWriteArrayList<>();
        final List<String> deadLettered = new CopyOnWriteArrayList<>();
        private final Map<String, Deque<Outcome>> scripts = new ConcurrentHashMap<>();

        void script(String key, Outcome... outcomes) {
            scripts.put(key, new ArrayDeque<>(List.of(outcomes)));
        }

        @Override
        public Outcome process(ConsumerRecord<String, byte[]> record, int attempt) {
            tries.add(record.key() + "#" + attempt);
            Deque<Outcome> script = scripts.get(record.key());
            Outcome outcome = script == null || script.isEmpty() ? new Outcome.Stored() : script.poll();
            if (outcome instanceof Outcome.DeadLettered) {
                deadLettered.add(record.key());
            }
            return outcome;
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
