package dev.switchboard.messaging.consumer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void waitsDoubleUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.after(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.after(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shortWaitsDoubleToTheirCapAndACapBelowTheFirstWaitIsTheFirstWait() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800));
        assertThat(IntStream.rangeClosed(1, 5).mapToObj(backoff::after)).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(800));
        assertThat(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).after(3)).isEqualTo(Duration.ofSeconds(2));
    }
}
