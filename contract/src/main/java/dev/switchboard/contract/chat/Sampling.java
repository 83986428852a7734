package dev.switchboard.contract.chat;

import java.util.List;

/**
 * Generation limits and sampling parameters; a null field means the backend's default.
 * {@code seed} makes sampling repeatable on backends that take one.
 */
public record Sampling(
        int maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stopSequences,
        ThinkingConfig thinking,
        Integer seed) {

    /** {@code seed} was added in schema version 1 without a version change: older records read as no seed. */
    public Sampling(int maxTokens, Double temperature, Double topP, Integer topK, List<String> stopSequences,
                    ThinkingConfig thinking) {
        this(maxTokens, temperature, topP, topK, stopSequences, thinking, null);
    }

    public Sampling {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        thinking = thinking == null ? ThinkingConfig.off() : thinking;
    }

    public static Sampling maxTokens(int maxTokens) {
        return new Sampling(maxTokens, null, null, null, List.of(), ThinkingConfig.off());
    }
}
