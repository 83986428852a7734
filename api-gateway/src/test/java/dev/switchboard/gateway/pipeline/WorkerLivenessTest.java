package dev.switchboard.gateway.pipeline;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLivenessTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(1);

    @ParameterizedTest(name = "presence trusted {0}, subscribed {1}, status missing for {2} ms -> gone {3}")
    @CsvSource({
            // A process that died: its connection closed, its status still there.
            "true,  false, -1,   true",
            // Redis just forgot every subscriber: a missing subscription says nothing yet.
            "false, false, -1,   false",
            "true,  true,  -1,   false",
            "false, true,  -1,   false",
            // Alive but cut off from Redis: the subscription lingers, the status runs out.
            "true,  true,  0,    false",
            "true,  true,  999,  false",
            "true,  true,  1000, true",
            "false, false, 1500, true",
    })
    void judges(boolean presenceTrusted, boolean subscribed, long statusMissingForMs, boolean gone) {
        Instant missingSince = statusMissingForMs < 0 ? null : NOW.minusMillis(statusMissingForMs);

        assertThat(WorkerLiveness.gone(presenceTrusted, subscribed, missingSince, NOW, GRACE)).isEqualTo(gone);
    }
}
