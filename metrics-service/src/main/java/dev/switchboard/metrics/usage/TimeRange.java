package dev.switchboard.metrics.usage;

import java.time.Instant;

/** A half-open time range: records that finished at or after {@code from} and before {@code to}. */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }
}
