package dev.switchboard.metrics.usage;

import java.time.Instant;

/** Usage in one bucket of a time series; the medians are null when no record in it had the measure. */
public record TimeseriesPoint(
        Instant start,
        long requests,
        long errors,
        long inputTokens,
        long outputTokens,
        Double ttftMsP50,
        Double outputTokensPerSecondP50) {

    public static TimeseriesPoint empty(Instant start) {
        return new TimeseriesPoint(start, 0, 0, 0, 0, null, null);
    }
}
