package dev.switchboard.worker.ollama.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.TransportFailures;
import jakarta.ws.rs.WebApplicationException;

import java.io.IOException;
import java.time.Duration;

/**
 * Classifies Ollama's failures the way clients see them. Ollama answers errors as
 * {@code {"error": "…"}} with 400 (bad request, e.g. a model that cannot use tools or a prompt
 * longer than the context), 404 (model not pulled), 429 (rate limited, cloud), 503 (its queue is
 * full, {@code OLLAMA_MAX_QUEUE}) or 500.
 */
public final class OllamaErrors {

    private OllamaErrors() {
    }

    public static BackendException forStatus(int status, String body, String baseUrl) {
        String message = errorMessage(body);
        String detail = message.isEmpty() ? "HTTP " + status : message;
        return switch (status) {
            case 404 -> new BackendException(ErrorType.NOT_FOUND, "Ollama: " + detail);
            case 429, 503 -> new BackendException(ErrorType.OVERLOADED, "Ollama at " + baseUrl + " is busy: " + detail);
            default -> status >= 400 && status < 500
                    ? new BackendException(ErrorType.INVALID_REQUEST, "Ollama refused the request: " + detail)
                    : new BackendException(ErrorType.BACKEND_ERROR, "Ollama failed (HTTP " + status + "): " + detail);
        };
    }

    /** A connection that could not be opened, broke, or stayed silent: the backend is as good as gone. */
    public static BackendException unreachable(Throwable failure, String baseUrl) {
        return new BackendException(ErrorType.OVERLOADED, "Ollama at " + baseUrl + " is not reachable: " + TransportFailures.describe(failure), failure);
    }

    public static BackendException silent(Duration idleTimeout, String baseUrl, Throwable failure) {
        return new BackendException(ErrorType.OVERLOADED, "Ollama at " + baseUrl + " sent nothing for "
                + idleTimeout.toSeconds() + " s (switchboard.ollama.idle-timeout)", failure);
    }

    /** Any failure of a call to Ollama, already classified or not. */
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
        return new BackendException(ErrorType.BACKEND_ERROR, "talking to Ollama at " + baseUrl + " failed: " + TransportFailures.describe(failure), failure);
    }



    /** The {@code error} of Ollama's JSON error body, else the body itself, shortened. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.hasNonNull("error")) {
                return json.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: a proxy's page or plain text; shown as it came
        }
        String text = body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String body(WebApplicationException web) {
        try {
            return web.getResponse().readEntity(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }

}
