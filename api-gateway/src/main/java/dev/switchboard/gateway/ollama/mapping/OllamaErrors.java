package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;

/**
 * Ollama's error body, {@code {"error":"…"}}, and the HTTP status Ollama answers each canonical
 * failure with. The one place this mapping is made.
 *
 * <table>
 *   <caption>canonical → Ollama</caption>
 *   <tr><td>INVALID_REQUEST</td><td>400</td></tr>
 *   <tr><td>NOT_FOUND</td><td>404 (Ollama's "model 'x' not found")</td></tr>
 *   <tr><td>PERMISSION_DENIED</td><td>403</td></tr>
 *   <tr><td>OVERLOADED, TIMEOUT</td><td>503 (Ollama's "server busy" when its queue is full)</td></tr>
 *   <tr><td>BACKEND_ERROR, INTERRUPTED, CANCELLED</td><td>500</td></tr>
 * </table>
 */
public final class OllamaErrors {

    private OllamaErrors() {
    }

    public static int status(ErrorType type) {
        if (type == null) {
            return 500;
        }
        return switch (type) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case PERMISSION_DENIED -> 403;
            case OVERLOADED, TIMEOUT -> 503;
            case BACKEND_ERROR, INTERRUPTED, CANCELLED -> 500;
        };
    }

    public static ObjectNode body(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }
}
