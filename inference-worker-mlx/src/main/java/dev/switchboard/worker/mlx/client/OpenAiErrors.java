package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.TransportFailures;
import jakarta.ws.rs.WebApplicationException;

import java.io.IOException;
import java.time.Duration;

/**
 * Classifies an OpenAI-compatible server's failures the way clients see them. The servers write
 * error bodies differently: mlx_lm.server {@code {"error": "…"}} (404 when the model cannot be
 * loaded or the prompt not built, 411 for a body without Content-Length, 400 for bad JSON),
 * OpenAI, llama.cpp and current vLLM {@code {"error": {"message": "…", "type": …, "code": …}}},
 * older vLLM {@code {"object": "error", "message": "…"}}, FastAPI's validation {@code {"detail": …}}.
 */
public final class OpenAiErrors {

    private OpenAiErrors() {
    }

    public static BackendException forStatus(int status, String body, String baseUrl) {
        String message = errorMessage(body);
        String detail = message.isEmpty() ? "" : ": " + message;
        return switch (status) {
            case 404 -> new BackendException(ErrorType.NOT_FOUND, baseUrl + " answered 404" + detail);
            case 411 -> new BackendException(ErrorType.BACKEND_ERROR, baseUrl + " answered 411 Length Required: the worker"
                    + " sent the request body chunked, without a Content-Length, which this server cannot read (a bug)" + detail);
            case 401, 403 -> new BackendException(ErrorType.BACKEND_ERROR, baseUrl + " refused the worker's credentials (HTTP "
                    + status + "; see switchboard.openai.api-key)" + detail);
            case 429, 503 -> new BackendException(ErrorType.OVERLOADED, baseUrl + " is busy (HTTP " + status + ")" + detail);
            default -> status >= 400 && status < 500
                    ? new BackendException(ErrorType.INVALID_REQUEST, baseUrl + " refused the request (HTTP " + status + ")" + detail)
                    : new BackendException(ErrorType.BACKEND_ERROR, baseUrl + " failed (HTTP " + status + ")" + detail);
        };
    }

    /** A connection that could not be opened or broke: the server is as good as gone. */
    public static BackendException unreachable(Throwable failure, String baseUrl) {
        return new BackendException(ErrorType.OVERLOADED, baseUrl + " is not reachable: " + TransportFailures.describe(failure), failure);
    }

    /** The connection broke after the answer started: the server failed in the middle of it. */
    public static BackendException brokeOff(Throwable failure, String baseUrl) {
        return new BackendException(ErrorType.BACKEND_ERROR, baseUrl + " broke off the stream: " + TransportFailures.describe(failure), failure);
    }

    public static BackendException silent(Duration idleTimeout, String baseUrl) {
        return new BackendException(ErrorType.OVERLOADED, baseUrl + " sent nothing for " + idleTimeout.toSeconds()
                + " s (switchboard.openai.idle-timeout)");
    }

    /** Any failure of a call to the server, already classified or not. */
    public static BackendException classify(Throwable failure, String baseUrl) {
        if (failure instanceof BackendException backend) {
            return backend;
        }
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            return forStatus(web.getResponse().getStatus(), body(web), baseUrl);
        }
        if (TransportFailures.isTransport(failure)) {
            return unreachable(failure, baseUrl);
        }
        return new BackendException(ErrorType.BACKEND_ERROR, "talking to " + baseUrl + " failed: " + TransportFailures.describe(failure), failure);
    }


    /** The message in an error body, else the body itself, shortened; empty for an empty body. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.isObject()) {
                JsonNode error = json.path("error");
                if (error.isTextual()) {
                    return error.asText();
                }
                if (error.path("message").isTextual()) {
                    return error.path("message").asText();
                }
                if (json.path("message").isTextual()) {
                    return json.path("message").asText();
                }
                if (json.has("detail")) {
                    JsonNode detail = json.get("detail");
                    return detail.isTextual() ? detail.asText() : shorten(detail.toString());
                }
            }
        } catch (IOException e) {
            // not JSON: a plain text answer or a proxy's page, shown as it came
        }
        return shorten(body.strip());
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static String body(WebApplicationException web) {
        try {
            return web.getResponse().readEntity(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }

}
