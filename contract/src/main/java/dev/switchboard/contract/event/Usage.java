package dev.switchboard.contract.event;

/**
 * Token counts of one generation.
 *
 * @param inputTokens       prompt tokens, cached ones included
 * @param cachedInputTokens prompt tokens the backend served from its prompt cache
 * @param outputTokens      generated tokens
 */
public record Usage(int inputTokens, int cachedInputTokens, int outputTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0);
}
