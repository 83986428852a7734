package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.metrics.usage.messaging.StoreFailurePolicy.Decision;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

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
}
