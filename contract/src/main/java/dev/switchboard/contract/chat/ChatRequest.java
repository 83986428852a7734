package dev.switchboard.contract.chat;

import java.util.List;

/**
 * A chat generation request in Switchboard's canonical form, independent of the protocol the
 * client spoke and of the backend that will run it.
 *
 * @param system     the system prompt, or null; system messages may also appear among the messages
 * @param messages   the conversation so far, oldest first
 * @param tools      tools the model may call
 * @param toolChoice how the model may use them, or null for the backend's default
 * @param sampling       limits and sampling parameters
 * @param responseFormat the shape the answer must have, or null for free text
 * @param keepAlive      how long the backend should keep the model loaded after the answer, in Ollama's
 *                       form ({@code 5m}, {@code 1h}, seconds as a number, negative for ever), or null
 *                       for the worker's setting; backends without the notion ignore it
 */
public record ChatRequest(
        String system,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Sampling sampling,
        ResponseFormat responseFormat,
        String keepAlive) {

    /** Added in schema version 1 without a version change: readers of older records see nulls. */
    public ChatRequest(String system, List<Message> messages, List<ToolDefinition> tools, ToolChoice toolChoice,
                       Sampling sampling) {
        this(system, messages, tools, toolChoice, sampling, null, null);
    }

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (sampling == null) {
            throw new IllegalArgumentException("a chat request needs sampling with maxTokens");
        }
    }

    /** The same request with other sampling. */
    public ChatRequest withSampling(Sampling other) {
        return new ChatRequest(system, messages, tools, toolChoice, other);
    }
}
