package dev.switchboard.metrics.usage;

/**
 * Usage of one group in a time range.
 *
 * @param key    the model, pool, client kind or day; {@code all} when the summary is not grouped
 * @param errors requests that did not end ok (error, cancelled or interrupted)
 */
public record SummaryGroup(
        String key,
        long requests,
        long errors,
        StatusCounts byStatus,
        long inputTokens,
        long cachedInputTokens,
        long outputTokens,
        Percentiles ttftMs,
        Percentiles outputTokensPerSecond,
        Percentiles queueWaitMs) {

    /** The key of the one group of a summary that is not grouped. */
    public static final String ALL = "all";
}
