package dev.switchboard.session.conversation.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry component alone, with a database that fails as a stopped PostgreSQL does. */
class RecordRetryTest {

    private final RecordRetry retry = new RecordRetry(Duration.ofMillis(100), Duration.ofMillis(800), 3,
            DatabaseFailures::databaseUnavailable);
    private final List<Duration> waits = new ArrayList<>();
    private final RecordRetry.Waiter recordingWaiter = (delay, failure, transientFailure) -> waits.add(delay);

    @Test
    void aDatabaseThatIsDownIsWaitedForAsLongAsItTakesWithACappedBackoff() {
        AtomicInteger tries = new AtomicInteger();
        RecordRetry.Outcome<String> outcome = retry.run(() -> {
            if (tries.incrementAndGet() <= 20) {
                throw new IllegalStateException("HR000071: connection failed",
                        new ConnectException("Connection refused: /127.0.0.1:5432"));
            }
            return "stored";
        }, recordingWaiter);

        assertThat(outcome).isEqualTo(new RecordRetry.Outcome.Stored<>("stored"));
        assertThat(tries).hasValue(21);
        assertThat(waits).hasSize(20);
        assertThat(waits.subList(0, 5)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(800));
        assertThat(waits).allMatch(wait -> wait.compareTo(Duration.ofMillis(800)) <= 0);
    }

    @Test
    void aConnectionDroppedMidTransactionIsTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        RecordRetry.Outcome<String> outcome = retry.run(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new RuntimeException(ClosedConnectionException.INSTANCE);
            }
            return "stored";
        }, recordingWaiter);

        assertThat(outcome).isEqualTo(new RecordRetry.Outcome.Stored<>("stored"));
        assertThat(waits).hasSize(1);
    }

    @Test
    void aRecordTheDatabaseRefusesFailsAfterTheConfiguredTries() {
        AtomicInteger tries = new AtomicInteger();
        IllegalArgumentException refusal = new IllegalArgumentException("value too long");
        RecordRetry.Outcome<String> outcome = retry.run(() -> {
            tries.incrementAndGet();
            throw refusal;
        }, recordingWaiter);

        assertThat(outcome).isEqualTo(new RecordRetry.Outcome.Failed<String>(refusal, 3));
        assertThat(tries).hasValue(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void anOutageDoesNotUseUpTheTriesOfABrokenRecord() {
        AtomicInteger tries = new AtomicInteger();
        RecordRetry.Outcome<String> outcome = retry.run(() -> {
            int attempt = tries.incrementAndGet();
            if (attempt % 2 == 1 && attempt < 10) {
                throw new RuntimeException(new ConnectException("Connection refused"));
            }
            if (attempt < 10) {
                throw new IllegalArgumentException("refused");
            }
            return "stored";
        }, recordingWaiter);

        assertThat(outcome).isInstanceOf(RecordRetry.Outcome.Failed.class);
        assertThat(tries).hasValue(6);
    }

    @Test
    void aConsumerThatStopsLetsTheRecordGo() {
        RecordRetry.Outcome<String> outcome = retry.run(() -> {
            throw new RuntimeException(new ConnectException("Connection refused"));
        }, (delay, failure, transientFailure) -> false);

        assertThat(outcome).isEqualTo(new RecordRetry.Outcome.LetGo<>());
    }
}
