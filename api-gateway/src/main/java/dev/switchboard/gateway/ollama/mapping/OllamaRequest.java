package dev.switchboard.gateway.ollama.mapping;

import dev.switchboard.contract.chat.ChatRequest;

/**
 * An {@code /api/chat} or {@code /api/generate} request after validation.
 *
 * @param model     the model name as the client sent it
 * @param stream    whether the answer comes as NDJSON lines (Ollama's default) or as one object
 * @param chat      the request in canonical form; null when there is nothing to generate (a request
 *                  that only loads or unloads the model)
 * @param keepAlive the client's {@code keep_alive}, or null
 */
public record OllamaRequest(String model, boolean stream, ChatRequest chat, String keepAlive) {

    /** True for a request with nothing to generate: Ollama loads the model, or unloads it with {@code keep_alive: 0}. */
    public boolean onlyLoads() {
        return chat == null;
    }

    /** Whether the model should be unloaded rather than loaded. */
    public boolean unloads() {
        return keepAlive != null && keepAlive.strip().matches("0+(\\.0+)?[a-z]*");
    }
}
