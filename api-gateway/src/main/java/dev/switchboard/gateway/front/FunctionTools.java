package dev.switchboard.gateway.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.switchboard.gateway.front.JsonFields.array;
import static dev.switchboard.gateway.front.JsonFields.given;
import static dev.switchboard.gateway.front.JsonFields.object;
import static dev.switchboard.gateway.front.JsonFields.optionalObject;
import static dev.switchboard.gateway.front.JsonFields.optionalString;
import static dev.switchboard.gateway.front.JsonFields.required;
import static dev.switchboard.gateway.front.JsonFields.requiredNonBlank;

/**
 * Tools in the function form OpenAI defined and Ollama took over:
 * {@code {"type":"function","function":{"name","description","parameters"}}}. Names are unique; a
 * function without parameters takes an empty object.
 */
public final class FunctionTools {

    private FunctionTools() {
    }

    /** The {@code tools} array, or none when absent. */
    public static List<ToolDefinition> read(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        ArrayNode array = array(node, "tools");
        List<ToolDefinition> tools = new ArrayList<>(array.size());
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "tools." + i;
            ObjectNode tool = object(array.get(i), path);
            String type = optionalString(tool, "type", path + ".type");
            if (type != null && !type.equals("function")) {
                throw new InvalidRequestException(path + ".type", "unsupported tool type '" + type + "'; expected function");
            }
            ObjectNode function = object(required(tool, "function", path + ".function"), path + ".function");
            String name = requiredNonBlank(function, "name", path + ".function.name");
            if (!names.add(name)) {
                throw new InvalidRequestException(path + ".function.name", "tool '" + name + "' is defined twice; tool names must be unique");
            }
            ObjectNode parameters = optionalObject(function, "parameters", path + ".function.parameters");
            if (parameters == null) {
                parameters = Json.mapper().createObjectNode().put("type", "object");
                parameters.putObject("properties");
            }
            tools.add(new ToolDefinition(name, optionalString(function, "description", path + ".function.description"), parameters));
        }
        return tools;
    }
}
