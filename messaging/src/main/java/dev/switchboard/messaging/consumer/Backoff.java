package dev.switchboard.messaging.consumer;

import java.time.Duration;

/** Waits that double after each failure, from {@code initial} up to {@code max}. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (max.compareTo(initial) < 0) {
            max = initial;
        }
    }

    /** The wait after this many failures in a row (1 for the first). */
    public Duration after(int failures) {
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }
}
