package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/** Builds request bodies for the table-driven tests: parse, then edit at a dotted path. */
final class JsonEdits {

    private JsonEdits() {
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resource(String path) {
        try (InputStream in = JsonEdits.class.getResourceAsStream(path)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the value at a dotted path ({@code messages.1.content.0.type}) to the given JSON. */
    static UnaryOperator<JsonNode> set(String path, String json) {
        return body -> {
            JsonNode value = parse(json);
            JsonNode parent = parent(body, path);
            String last = last(path);
            if (parent instanceof ArrayNode array) {
                int index = Integer.parseInt(last);
                if (index == array.size()) {
                    array.add(value);
                } else {
                    array.set(index, value);
                }
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return body;
        };
    }

    static UnaryOperator<JsonNode> remove(String path) {
        return body -> {
            JsonNode parent = parent(body, path);
            if (parent instanceof ArrayNode array) {
                array.remove(Integer.parseInt(last(path)));
            } else {
                ((ObjectNode) parent).remove(last(path));
            }
            return body;
        };
    }

    /** Replaces the whole body. */
    static UnaryOperator<JsonNode> replace(String json) {
        return ignored -> parse(json);
    }

    private static JsonNode parent(JsonNode body, String path) {
        JsonNode node = body;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.isArray() ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
        }
        return node;
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
