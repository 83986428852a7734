package dev.switchboard.gateway.openai.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.gateway.errors.GatewayError;

/**
 * OpenAI's error body, {@code {"error":{"message","type","param","code"}}}, and how a canonical
 * failure reads in it. The one place this mapping is made.
 *
 * <table>
 *   <caption>canonical → OpenAI</caption>
 *   <tr><td>INVALID_REQUEST</td><td>400 invalid_request_error</td></tr>
 *   <tr><td>NOT_FOUND</td><td>404 invalid_request_error, code model_not_found</td></tr>
 *   <tr><td>PERMISSION_DENIED</td><td>403 permission_error</td></tr>
 *   <tr><td>OVERLOADED, TIMEOUT</td><td>503 server_error, code overloaded</td></tr>
 *   <tr><td>BACKEND_ERROR, INTERRUPTED, CANCELLED</td><td>500 server_error</td></tr>
 * </table>
 *
 * OpenAI's SDKs retry 5xx answers, so a saturated pool (503) is retried with back-off, as with
 * OpenAI's own overload answers.
 */
public final class OpenAiErrors {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String PERMISSION = "permission_error";
    public static final String SERVER = "server_error";
    /** OpenAI names a rate limit's type after what ran out; requests is the one of a key's limits. */
    public static final String RATE_LIMIT = "requests";

    /** An error as OpenAI answers it: status, type, the offending parameter and a code, both nullable. */
    public record Mapped(int status, String type, String param, String code) {
    }

    private OpenAiErrors() {
    }

    public static Mapped of(ErrorType type) {
        if (type == null) {
            return new Mapped(500, SERVER, null, null);
        }
        return switch (type) {
            case INVALID_REQUEST -> new Mapped(400, INVALID_REQUEST, null, null);
            case NOT_FOUND -> new Mapped(404, INVALID_REQUEST, "model", "model_not_found");
            case PERMISSION_DENIED -> new Mapped(403, PERMISSION, null, null);
            case OVERLOADED, TIMEOUT -> new Mapped(503, SERVER, null, "overloaded");
            case BACKEND_ERROR, INTERRUPTED, CANCELLED -> new Mapped(500, SERVER, null, null);
        };
    }

    /** A refusal of the gateway's, before any byte of the answer; a model nobody serves is {@code model_not_found}. */
    public static Mapped ofRefusal(GatewayError.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> new Mapped(400, INVALID_REQUEST, null, null);
            case UNAUTHENTICATED -> new Mapped(401, INVALID_REQUEST, null, "invalid_api_key");
            case PERMISSION -> new Mapped(403, PERMISSION, null, null);
            case RATE_LIMITED -> new Mapped(429, RATE_LIMIT, null, "rate_limit_exceeded");
            case NOT_FOUND -> new Mapped(404, INVALID_REQUEST, "model", "model_not_found");
            case TOO_LARGE -> new Mapped(413, INVALID_REQUEST, null, "request_too_large");
            case OVERLOADED -> new Mapped(503, SERVER, null, "overloaded");
            case INTERNAL -> new Mapped(500, SERVER, null, null);
        };
    }

    /** The error body; null param and code are written as null, as OpenAI does. */
    public static ObjectNode body(Mapped error, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode inner = body.putObject("error");
        inner.put("message", message);
        inner.put("type", error.type());
        inner.put("param", error.param());
        inner.put("code", error.code());
        return body;
    }
}
