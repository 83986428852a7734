package dev.switchboard.simulator.chat;

/** Durations of one generation in nanoseconds, as Ollama reports them. */
public record Timings(long totalNanos, long loadNanos, long promptEvalNanos, long evalNanos) {
}
