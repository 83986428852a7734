package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.contract.chat.ChatRequest;

/**
 * A Messages API request after validation: the canonical request and what the gateway needs
 * besides it.
 *
 * @param model             the model name as the client sent it
 * @param stream            whether the client asked for server-sent events
 * @param chat              the request in canonical form
 * @param metadataSessionId the session id Claude Code puts in {@code metadata.user_id}, or null
 */
public record AnthropicRequest(String model, boolean stream, ChatRequest chat, String metadataSessionId) {
}
