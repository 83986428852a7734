package dev.switchboard.gateway.openai.mapping;

import dev.switchboard.contract.chat.ChatRequest;

/**
 * A Chat Completions request after validation.
 *
 * @param model        the model name as the client sent it
 * @param stream       whether the client asked for server-sent events
 * @param includeUsage whether the stream ends with a usage chunk ({@code stream_options.include_usage})
 * @param chat         the request in canonical form
 * @param user         OpenAI's {@code user} field, a conversation hint; null when absent
 */
public record OpenAiRequest(String model, boolean stream, boolean includeUsage, ChatRequest chat, String user) {
}
