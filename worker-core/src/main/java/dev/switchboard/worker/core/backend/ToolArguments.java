package dev.switchboard.worker.core.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;

/**
 * Reads a tool call's arguments the way every backend needs: they must be a JSON object, and an
 * empty text means no arguments. What is to be done with anything else is the backend's to say.
 */
public final class ToolArguments {

    private static final int SHOWN = 200;

    private ToolArguments() {
    }

    /** The object {@code text} holds ({@code {}} for blank text), or null when it holds no JSON object. */
    public static ObjectNode parse(String text) {
        String json = text.strip();
        if (json.isEmpty()) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode parsed = Json.mapper().readTree(json);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (JsonProcessingException e) {
            // not JSON: the caller reports it with the text the backend sent
        }
        return null;
    }

    /** A backend's text as an error message shows it: whole when short, else its start. */
    public static String abbreviate(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
