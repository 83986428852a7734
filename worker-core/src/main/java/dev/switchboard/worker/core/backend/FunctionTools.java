package dev.switchboard.worker.core.backend;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ToolDefinition;

/**
 * A tool as OpenAI's function-calling format defines it, which Ollama's {@code /api/chat} takes
 * too: {@code {"type": "function", "function": {"name", "description", "parameters"}}}. A tool
 * without an input schema takes an empty object.
 */
public final class FunctionTools {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FunctionTools() {
    }

    public static ObjectNode function(ToolDefinition tool) {
        ObjectNode entry = JSON.objectNode().put("type", "function");
        ObjectNode function = entry.putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
            function.put("description", tool.description());
        }
        function.set("parameters", tool.inputSchema() != null ? tool.inputSchema()
                : JSON.objectNode().put("type", "object").set("properties", JSON.objectNode()));
        return entry;
    }
}
