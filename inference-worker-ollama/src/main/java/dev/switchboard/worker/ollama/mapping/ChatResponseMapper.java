package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ToolArguments;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates one line of Ollama's {@code /api/chat} NDJSON stream into backend events. A line
 * carries {@code message.thinking}, {@code message.content} and whole {@code message.tool_calls};
 * the last one has {@code done: true}, {@code done_reason} and the token counts
 * ({@code prompt_eval_count} includes prompt tokens served from Ollama's cache, which it does not
 * count separately). An error after the stream started comes as a line {@code {"error": "…"}}.
 */
public final class ChatResponseMapper {

    private ChatResponseMapper() {
    }

    /** The events of one line, in order: reasoning, text, tool calls, then the end when it is the last. */
    public static List<BackendEvent> events(String line) {
        if (line.isBlank()) {
            return List.of();
        }
        JsonNode chunk;
        try {
            chunk = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama sent a line that is not JSON: " + ToolArguments.abbreviate(line), e);
        }
        return events(chunk);
    }

    public static List<BackendEvent> events(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama failed while generating: " + error.asText(error.toString()));
        }
        List<BackendEvent> events = new ArrayList<>();
        JsonNode message = chunk.path("message");
        String thinking = message.path("thinking").asText("");
        if (!thinking.isEmpty()) {
            events.add(new BackendEvent.Thinking(thinking));
        }
        String content = message.path("content").asText("");
        if (!content.isEmpty()) {
            events.add(new BackendEvent.Text(content));
        }
        for (JsonNode call : message.path("tool_calls")) {
            events.add(toolCall(call));
        }
        if (chunk.path("done").asBoolean(false)) {
            events.add(new BackendEvent.Finished(stopReason(chunk.path("done_reason").asText("")), null,
                    chunk.path("prompt_eval_count").asInt(0), 0, chunk.path("eval_count").asInt(0)));
        }
        return events;
    }

    /**
     * {@code length}: the answer reached {@code num_predict} or the context was full. Everything else
     * ({@code stop}, {@code load}, {@code unload}, none) ends the turn; Ollama does not tell a stop
     * sequence from the model's own end, and removes the sequence from the text either way.
     */
    static StopReason stopReason(String doneReason) {
        return "length".equals(doneReason) ? StopReason.MAX_TOKENS : StopReason.END_TURN;
    }

    private static BackendEvent.ToolCall toolCall(JsonNode call) {
        JsonNode function = call.path("function");
        String name = function.path("name").asText("");
        if (name.isEmpty()) {
            throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama sent a tool call without a name: " + ToolArguments.abbreviate(call.toString()));
        }
        String id = call.path("id").asText("");
        return new BackendEvent.ToolCall(id.isEmpty() ? null : id, name, arguments(name, function.path("arguments")));
    }

    /** Ollama sends the arguments as an object; a string holding one is accepted too. */
    private static ObjectNode arguments(String tool, JsonNode arguments) {
        if (arguments.isMissingNode() || arguments.isNull()) {
            return Json.mapper().createObjectNode();
        }
        if (arguments.isObject()) {
            return (ObjectNode) arguments;
        }
        ObjectNode parsed = arguments.isTextual() ? ToolArguments.parse(arguments.asText()) : null;
        if (parsed != null) {
            return parsed;
        }
        throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama sent arguments for tool " + tool
                + " that are not a JSON object: " + ToolArguments.abbreviate(arguments.toString()));
    }
}
