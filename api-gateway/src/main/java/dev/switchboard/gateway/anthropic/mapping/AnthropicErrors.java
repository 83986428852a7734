package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * Anthropic's error body and its error types with their HTTP statuses, as Anthropic documents them.
 * A status the table lacks reads as {@code invalid_request_error} when it is a 4xx (Anthropic's own
 * rule) and {@code api_error} otherwise.
 */
public final class AnthropicErrors {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String AUTHENTICATION = "authentication_error";
    public static final String PERMISSION = "permission_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    public static final String RATE_LIMIT = "rate_limit_error";
    public static final String API = "api_error";
    public static final String TIMEOUT = "timeout_error";
    public static final String OVERLOADED = "overloaded_error";

    private static final Map<Integer, String> TYPE_BY_STATUS = Map.of(
            400, INVALID_REQUEST,
            401, AUTHENTICATION,
            403, PERMISSION,
            404, NOT_FOUND,
            413, REQUEST_TOO_LARGE,
            429, RATE_LIMIT,
            500, API,
            504, TIMEOUT,
            529, OVERLOADED);

    private static final Map<String, Integer> STATUS_BY_TYPE = Map.of(
            INVALID_REQUEST, 400,
            AUTHENTICATION, 401,
            PERMISSION, 403,
            NOT_FOUND, 404,
            REQUEST_TOO_LARGE, 413,
            RATE_LIMIT, 429,
            API, 500,
            TIMEOUT, 504,
            OVERLOADED, 529);

    private AnthropicErrors() {
    }

    /** {@code {"type":"error","error":{"type":…,"message":…},"request_id":…}}; no request_id when null. */
    public static ObjectNode body(String type, String message, String requestId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        if (requestId != null) {
            body.put("request_id", requestId);
        }
        return body;
    }

    /** The error type Anthropic answers with this HTTP status. */
    public static String typeOf(int status) {
        String type = TYPE_BY_STATUS.get(status);
        if (type != null) {
            return type;
        }
        return status >= 400 && status < 500 ? INVALID_REQUEST : API;
    }

    /** The HTTP status that comes with this Anthropic error type; 500 for a type Anthropic does not define. */
    public static int statusOf(String type) {
        return STATUS_BY_TYPE.getOrDefault(type, 500);
    }
}
