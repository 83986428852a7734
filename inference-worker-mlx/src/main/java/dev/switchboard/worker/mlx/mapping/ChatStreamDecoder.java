package dev.switchboard.worker.mlx.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ToolArguments;
import dev.switchboard.worker.core.backend.http.LineDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the server-sent events of one streamed {@code /v1/chat/completions} answer into
 * backend events, line by line. One decoder per stream; not thread-safe.
 *
 * <p>What the servers send (mlx_lm.server's {@code server.py}, llama.cpp's server, vLLM):
 * <ul>
 *   <li>{@code data: {chunk}} lines, each followed by a blank line; every server writes a chunk on
 *       one line, so each {@code data:} line is taken as a whole event. Comment lines
 *       ({@code : keepalive 512/2048} from mlx_lm.server while it reads a long prompt, llama.cpp's
 *       pings) and other fields are skipped.</li>
 *   <li>{@code choices[0].delta}: {@code content} (text), {@code reasoning} (mlx_lm.server, vLLM)
 *       or {@code reasoning_content} (llama.cpp, older vLLM, LM Studio) and {@code tool_calls}.
 *       mlx_lm.server's last chunk carries the rest of the answer together with its
 *       {@code finish_reason}, so a chunk's delta is read before its finish reason.</li>
 *   <li>{@code usage} (asked for with {@code stream_options.include_usage}) in a chunk of its own
 *       with {@code choices: []} after the finish (OpenAI, mlx_lm.server, vLLM), or in the
 *       finishing chunk (older llama.cpp); the last one seen counts.</li>
 *   <li>{@code data: [DONE]} at the end.</li>
 *   <li>A failure after the stream started: {@code data: {"error": …}} (OpenAI, vLLM, llama.cpp
 *       since September 2025), or {@code error: {…}} (llama.cpp before).</li>
 * </ul>
 *
 * <p>Tool calls are reported whole, when the finish reason arrives (or at the end of the stream
 * if none did): only then are a streamed call's arguments known to be complete. Exactly one
 * {@link BackendEvent.Finished} ends the events, at {@code [DONE]}, after the usage.
 */
public final class ChatStreamDecoder implements LineDecoder<BackendEvent> {

    private static final String DONE = "[DONE]";

    private final ToolCallAssembler toolCalls = new ToolCallAssembler();
    private StopReason stopReason;
    private String stopSequence;
    private boolean calledTools;
    private int inputTokens;
    private int cachedInputTokens;
    private int outputTokens;
    private boolean done;

    /** The events of one line of the stream, its line break removed. */
    @Override
    public List<BackendEvent> line(String line) {
        if (done || line.isEmpty() || line.startsWith(":")) {
            return List.of();
        }
        if (line.startsWith("data:")) {
            return data(value(line, "data:"));
        }
        if (line.startsWith("error:")) {
            throw failure(errorMessage(parse(value(line, "error:"))));
        }
        // event:, id:, retry: and anything unknown carry nothing for us.
        return List.of();
    }

    /** True once the stream said it is complete; nothing after that counts. */
    @Override
    public boolean done() {
        return done;
    }

    /**
     * The response ended. Without {@code [DONE]}, a stream that reached its finish reason is taken
     * as complete (the usage may be missing); one that did not was cut off.
     */
    @Override
    public List<BackendEvent> end() {
        if (done) {
            return List.of();
        }
        if (stopReason == null) {
            throw new BackendException(ErrorType.BACKEND_ERROR,
                    "the server's stream ended before the answer did (no finish_reason, no [DONE])");
        }
        return finish();
    }

    private List<BackendEvent> data(String payload) {
        if (payload.equals(DONE)) {
            return finish();
        }
        JsonNode chunk = parse(payload);
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw failure(errorMessage(error));
        }
        if ("error".equals(chunk.path("object").asText())) {
            // vLLM before it wrapped errors in {"error": …}
            throw failure(errorMessage(chunk));
        }
        usage(chunk.get("usage"));
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return List.of();
        }
        List<BackendEvent> events = new ArrayList<>();
        JsonNode delta = choice.path("delta");
        String reasoning = text(delta.get("reasoning"));
        if (reasoning.isEmpty()) {
            reasoning = text(delta.get("reasoning_content"));
        }
        if (!reasoning.isEmpty()) {
            events.add(new BackendEvent.Thinking(reasoning));
        }
        String content = text(delta.get("content"));
        if (!content.isEmpty()) {
            events.add(new BackendEvent.Text(content));
        }
        for (JsonNode piece : delta.path("tool_calls")) {
            toolCalls.add(piece);
        }
        String finishReason = text(choice.get("finish_reason"));
        if (!finishReason.isEmpty()) {
            stopReason = stopReason(finishReason);
            // vLLM names the stop string that matched; a stop token id or null (end of sequence) is no sequence.
            JsonNode matched = choice.get("stop_reason");
            if (stopReason == StopReason.END_TURN && matched != null && matched.isTextual() && !matched.asText().isEmpty()) {
                stopReason = StopReason.STOP_SEQUENCE;
                stopSequence = matched.asText();
            }
            events.addAll(flushToolCalls());
        }
        return events;
    }

    private List<BackendEvent> finish() {
        List<BackendEvent> events = new ArrayList<>(flushToolCalls());
        StopReason reason = stopReason == null ? StopReason.END_TURN : stopReason;
        if (reason == StopReason.TOOL_USE && !calledTools) {
            // mlx_lm.server says tool_calls even when it could not parse the call and sent none.
            reason = StopReason.END_TURN;
        }
        events.add(new BackendEvent.Finished(reason, stopSequence, inputTokens, cachedInputTokens, outputTokens));
        done = true;
        return events;
    }

    private List<BackendEvent.ToolCall> flushToolCalls() {
        if (toolCalls.isEmpty()) {
            return List.of();
        }
        List<BackendEvent.ToolCall> calls = toolCalls.complete(stopReason == StopReason.MAX_TOKENS);
        calledTools |= !calls.isEmpty();
        return calls;
    }

    private void usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        inputTokens = usage.path("prompt_tokens").asInt(inputTokens);
        outputTokens = usage.path("completion_tokens").asInt(outputTokens);
        cachedInputTokens = usage.path("prompt_tokens_details").path("cached_tokens").asInt(cachedInputTokens);
    }

    /**
     * {@code stop}: the model ended its turn, or a stop sequence matched (only vLLM tells which).
     * {@code length}: {@code max_tokens} or the context ran out. {@code tool_calls} (and the legacy
     * {@code function_call}): the model called tools. Anything else ({@code content_filter}, a
     * server's own word) ends the turn.
     */
    static StopReason stopReason(String finishReason) {
        return switch (finishReason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            default -> StopReason.END_TURN;
        };
    }

    private static String value(String line, String field) {
        String value = line.substring(field.length());
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static JsonNode parse(String payload) {
        try {
            JsonNode json = Json.mapper().readTree(payload);
            if (json != null && json.isObject()) {
                return json;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new BackendException(ErrorType.BACKEND_ERROR, "the server sent an event that is not a JSON object: "
                + ToolArguments.abbreviate(payload));
    }

    /** The message of an error as the servers write it: a string, or an object with a {@code message}. */
    private static String errorMessage(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        String message = error.path("message").asText("");
        return message.isEmpty() ? error.toString() : message;
    }

    private static BackendException failure(String message) {
        return new BackendException(ErrorType.BACKEND_ERROR, "the server failed while generating: " + message);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? "" : node.asText();
    }
}
