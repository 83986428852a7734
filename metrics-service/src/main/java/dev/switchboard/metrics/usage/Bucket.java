package dev.switchboard.metrics.usage;

import dev.switchboard.contract.WireEnum;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The width of one time-series point; buckets start on whole UTC minutes, hours or days. */
public enum Bucket {
    MINUTE(ChronoUnit.MINUTES), HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Bucket(ChronoUnit unit) {
        this.unit = unit;
    }

    public String wireName() {
        return WireEnum.wireName(this);
    }

    /** @throws IllegalArgumentException when the name is not one of the wire names */
    public static Bucket fromWire(String value) {
        return WireEnum.fromWire(Bucket.class, value);
    }

    /** The start of the bucket that holds this instant. */
    public Instant truncate(Instant instant) {
        return instant.truncatedTo(unit);
    }

    /** How many buckets the range touches, the partial ones at either end included. */
    public long count(TimeRange range) {
        Duration span = Duration.between(truncate(range.from()), range.to());
        Duration width = unit.getDuration();
        long whole = span.dividedBy(width);
        return span.equals(width.multipliedBy(whole)) ? whole : whole + 1;
    }

    /** The start of every bucket the range touches, oldest first. */
    public List<Instant> starts(TimeRange range) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = truncate(range.from()); start.isBefore(range.to()); start = start.plus(1, unit)) {
            starts.add(start);
        }
        return starts;
    }
}
