package dev.switchboard.contract.event;

/**
 * Where the time of one job went, in milliseconds.
 *
 * @param queueWaitMs        from the gateway accepting the job to a worker starting it
 * @param timeToFirstTokenMs from the worker starting the job to the first generated token, null when none came
 * @param generationMs       from the worker starting the job to its end
 */
public record Timings(long queueWaitMs, Long timeToFirstTokenMs, long generationMs) {

    /** Generated tokens per second after the first one, or null when it cannot be told. */
    public Double outputTokensPerSecond(int outputTokens) {
        if (timeToFirstTokenMs == null || outputTokens < 2) {
            return null;
        }
        long streamingMs = generationMs - timeToFirstTokenMs;
        return streamingMs <= 0 ? null : (outputTokens - 1) * 1000.0 / streamingMs;
    }
}
