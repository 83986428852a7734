package dev.switchboard.simulator.stats;

import java.time.Instant;

/** Wall-clock times with nanosecond precision: {@link System#nanoTime()} anchored once to the epoch. */
public final class EpochClock {

    private static final long OFFSET_NANOS = offset();

    private EpochClock() {
    }

    public static long epochNanos(long nanoTime) {
        return OFFSET_NANOS + nanoTime;
    }

    public static Instant instant(long nanoTime) {
        return Instant.ofEpochSecond(0, epochNanos(nanoTime));
    }

    public static Instant now() {
        return instant(System.nanoTime());
    }

    private static long offset() {
        Instant wall = Instant.now();
        long mono = System.nanoTime();
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - mono;
    }
}
