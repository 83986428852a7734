package dev.switchboard.gateway.exchange;

/**
 * One model taking part in an exchange, under a name unique in it.
 *
 * @param model       the model name, as a client of {@code /v1/messages} names it
 * @param name        how the others see it: its turns reach them as {@code Name: …}
 * @param system      its own system prompt, or null
 * @param temperature its sampling temperature, or null for the backend's default
 * @param maxTokens   the longest turn it may take
 */
public record Participant(String model, String name, String system, Double temperature, int maxTokens) {
}
