package dev.switchboard.messaging.consumer;

import dev.switchboard.messaging.consumer.StoreFailurePolicy.Decision;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StoreFailurePolicyTest {

    private final StoreFailurePolicy policy = new StoreFailurePolicy(3);
    private final PgException valueTooLong = new PgException("value too long", "ERROR", "22001", null);

    @Test
    void aDatabaseThatIsDownIsWaitedForHoweverOftenItFails() {
        AtomicInteger probes = new AtomicInteger();
        for (int attempt = 1; attempt <= 100; attempt++) {
            assertThat(policy.decide(new ConnectException("Connection refused"), attempt, () -> {
                probes.incrementAndGet();
                return true;
            })).isEqualTo(Decision.WAIT_FOR_DATABASE);
        }
        assertThat(probes).as("an outage tells itself; the probe is not asked").hasValue(0);
    }

    @Test
    void anUnclearFailureWhileTheDatabaseDoesNotAnswerIsAnOutageToo() {
        assertThat(policy.decide(new IllegalStateException("odd"), 3, () -> false)).isEqualTo(Decision.WAIT_FOR_DATABASE);
        assertThat(policy.decide(valueTooLong, 99, () -> false)).isEqualTo(Decision.WAIT_FOR_DATABASE);
    }

    @Test
    void aRecordTheDatabaseRefusesWhileUpIsTriedAFewTimesThenDeadLettered() {
        assertThat(policy.decide(valueTooLong, 1, () -> true)).isEqualTo(Decision.TRY_AGAIN);
        assertThat(policy.decide(valueTooLong, 2, () -> true)).isEqualTo(Decision.TRY_AGAIN);
        assertThat(policy.decide(valueTooLong, 3, () -> true)).isEqualTo(Decision.DEAD_LETTER);
    }

    @ParameterizedTest(name = "{0} on try {1}, database answers {2}: {3}")
    @CsvSource({
            "connection refused, 1, true, WAIT_FOR_DATABASE",
            "connection refused, 3, true, WAIT_FOR_DATABASE",
            "deadlock, 7, true, WAIT_FOR_DATABASE",
            "read-only server, 3, true, WAIT_FOR_DATABASE",
            "value too long, 1, true, TRY_AGAIN",
            "value too long, 2, true, TRY_AGAIN",
            "value too long, 3, true, DEAD_LETTER",
            "value too long, 3, false, WAIT_FOR_DATABASE",
            "a bug, 3, true, DEAD_LETTER",
            "a bug, 1, false, WAIT_FOR_DATABASE"
    })
    void theDecisionTable(String failure, int attempt, boolean databaseAnswers, Decision decision) {
        Throwable thrown = switch (failure) {
            case "connection refused" -> new ConnectException("Connection refused");
            case "deadlock" -> new PgException("deadlock detected", "ERROR", "40P01", null);
            case "read-only server" -> new PgException("read-only transaction", "ERROR", "25006", null);
            case "value too long" -> valueTooLong;
            default -> new NullPointerException();
        };
        assertThat(policy.decide(thrown, attempt, () -> databaseAnswers)).isEqualTo(decision);
    }

    @Test
    void theOutcomeSaysWhatFailedAndWhy() {
        Throwable wrapped = new RuntimeException("HR000001", new ConnectException("Connection refused"));
        assertThat(policy.outcome(wrapped, 1, () -> true, "job j1"))
                .isEqualTo(new Outcome.Retry("database unavailable, job j1: ConnectException: Connection refused", true));
        assertThat(policy.outcome(valueTooLong, 2, () -> true, "job j1"))
                .isEqualTo(new Outcome.Retry("job j1: PgException: ERROR: value too long (22001)", false));
        assertThat(policy.outcome(valueTooLong, 3, () -> true, "job j1"))
                .isEqualTo(new Outcome.DeadLetter("not stored after 3 tries: job j1: PgException: ERROR: value too long (22001)"));
    }
}
