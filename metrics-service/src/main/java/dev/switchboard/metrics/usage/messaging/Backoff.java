package dev.switchboard.metrics.usage.messaging;

import java.time.Duration;

/** Waits that double after each failure, from {@code initial} up to {@code max}. */
record Backoff(Duration initial, Duration max) {

    /** The wait after this many failures in a row (1 for the first). */
    Duration after(int failures) {
        Duration wait = initial;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }
}
