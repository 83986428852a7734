package dev.switchboard.worker.mlx.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ToolArguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts together the tool calls of one streamed answer from the pieces of {@code delta.tool_calls}.
 * mlx_lm.server sends each call whole in one piece, its {@code arguments} a complete JSON string;
 * llama.cpp, vLLM and OpenAI send the {@code id} and {@code name} first, then the arguments in
 * fragments, every piece naming its call by {@code index}. A piece without an index (no server
 * above sends one) continues the latest call unless it brings a new {@code id}.
 */
final class ToolCallAssembler {

    private final Map<Integer, Pending> calls = new TreeMap<>();
    private Integer latest;

    private static final class Pending {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();
    }

    void add(JsonNode piece) {
        String id = piece.path("id").asText("");
        Integer index = piece.path("index").canConvertToInt() ? piece.path("index").asInt() : null;
        if (index == null) {
            boolean newCall = latest == null || (!id.isEmpty() && calls.get(latest).id != null && !id.equals(calls.get(latest).id));
            index = newCall ? (latest == null ? 0 : latest + 1) : latest;
        }
        latest = index;
        Pending call = calls.computeIfAbsent(index, i -> new Pending());
        if (call.id == null && !id.isEmpty()) {
            call.id = id;
        }
        JsonNode function = piece.path("function");
        String name = function.path("name").asText("");
        if (call.name == null && !name.isEmpty()) {
            call.name = name;
        }
        JsonNode arguments = function.path("arguments");
        if (arguments.isTextual()) {
            call.arguments.append(arguments.asText());
        } else if (arguments.isObject()) {
            // Not OpenAI's form, but unambiguous.
            call.arguments.setLength(0);
            call.arguments.append(arguments);
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    /**
     * The calls, in index order, each with its arguments parsed. When the answer was cut by the
     * token limit ({@code truncated}), a call whose arguments do not parse is dropped: it was cut
     * too, and the stop reason says so. Otherwise such a call is the server's error.
     */
    List<BackendEvent.ToolCall> complete(boolean truncated) {
        List<BackendEvent.ToolCall> complete = new ArrayList<>();
        for (Pending call : calls.values()) {
            if (call.name == null) {
                if (truncated) {
                    continue;
                }
                throw new BackendException(ErrorType.BACKEND_ERROR, "the server sent a tool call without a name (id "
                        + call.id + ", arguments " + ToolArguments.abbreviate(call.arguments.toString()) + ")");
            }
            ObjectNode input = arguments(call.name, call.arguments.toString(), truncated);
            if (input != null) {
                complete.add(new BackendEvent.ToolCall(call.id, call.name, input));
            }
        }
        calls.clear();
        latest = null;
        return complete;
    }

    private static ObjectNode arguments(String tool, String text, boolean truncated) {
        ObjectNode input = ToolArguments.parse(text);
        if (input != null || truncated) {
            return input;
        }
        throw new BackendException(ErrorType.BACKEND_ERROR, "the server sent arguments for tool " + tool
                + " that are not a JSON object: " + ToolArguments.abbreviate(text.strip()));
    }
}
