package dev.switchboard.simulator.chat;

/** Token counts of one reply. */
public record Usage(int promptTokens, int cachedTokens, int completionTokens) {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
