package dev.switchboard.contract.chat;

import java.util.List;

/** Generation limits and sampling parameters; a null field means the backend's default. */
public record Sampling(
        int maxTokens,
        Double temperature,
        Double topP,
        Integer topK,
        List<String> stopSequences,
        ThinkingConfig thinking) {

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
