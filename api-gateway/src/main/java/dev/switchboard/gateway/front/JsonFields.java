package dev.switchboard.gateway.front;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed reads of request fields that fail with an {@link InvalidRequestException} naming the path.
 * A field that is absent or JSON {@code null} counts as not given.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static ObjectNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(path, "expected an object, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    public static JsonNode given(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? null : value;
    }

    public static JsonNode required(ObjectNode parent, String field, String path) {
        JsonNode value = given(parent, field);
        if (value == null) {
            throw new InvalidRequestException(path, "field required");
        }
        return value;
    }

    public static String requiredString(ObjectNode parent, String field, String path) {
        return string(required(parent, field, path), path);
    }

    public static String requiredNonBlank(ObjectNode parent, String field, String path) {
        String value = requiredString(parent, field, path);
        if (value.isBlank()) {
            throw new InvalidRequestException(path, "must not be empty");
        }
        return value;
    }

    public static String optionalString(ObjectNode parent, String field, String path) {
        JsonNode value = given(parent, field);
        return value == null ? null : string(value, path);
    }

    public static boolean optionalBoolean(ObjectNode parent, String field, String path, boolean fallback) {
        JsonNode value = given(parent, field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException(path, "expected a boolean, got " + kind(value));
        }
        return value.booleanValue();
    }

    public static ObjectNode optionalObject(ObjectNode parent, String field, String path) {
        JsonNode value = given(parent, field);
        return value == null ? null : object(value, path);
    }

    public static ArrayNode array(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new InvalidRequestException(path, "expected an array, got " + kind(node));
        }
        return (ArrayNode) node;
    }

    /** A chat's {@code messages}: present, an array, and not empty; every front asks the same. */
    public static ArrayNode messages(JsonNode node) {
        if (node == null) {
            throw new InvalidRequestException("messages", "field required; send at least one message");
        }
        ArrayNode messages = array(node, "messages");
        if (messages.isEmpty()) {
            throw new InvalidRequestException("messages", "must hold at least one message");
        }
        return messages;
    }

    public static String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new InvalidRequestException(path, "expected a string, got " + kind(node));
        }
        return node.textValue();
    }

    /** An integer; a number with a zero fraction ({@code 1024.0}) counts, as it does for Anthropic. */
    public static int integer(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new InvalidRequestException(path, "expected an integer, got " + kind(node));
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToInt()) {
                throw new InvalidRequestException(path, "must be at most " + Integer.MAX_VALUE + ", got " + node.asText());
            }
            return node.intValue();
        }
        double value = node.doubleValue();
        if (value != Math.rint(value) || Double.isInfinite(value)) {
            throw new InvalidRequestException(path, "expected an integer, got " + node.asText());
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new InvalidRequestException(path, "must be at most " + Integer.MAX_VALUE + ", got " + node.asText());
        }
        return (int) value;
    }

    public static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new InvalidRequestException(path, "expected a number, got " + kind(node));
        }
        return node.doubleValue();
    }

    /** What a value is, in JSON's words, for error messages. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }
}
