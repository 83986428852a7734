package dev.switchboard.contract.chat;

/** Whether the model should reason before answering, and how many tokens it may spend on it. */
public record ThinkingConfig(boolean enabled, Integer budgetTokens) {

    public static ThinkingConfig off() {
        return new ThinkingConfig(false, null);
    }
}
