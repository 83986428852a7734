package dev.switchboard.metrics.usage;

/** The median and the 95th percentile of a measure; null when no record had it. */
public record Percentiles(Double p50, Double p95) {

    public static final Percentiles NONE = new Percentiles(null, null);
}
