package dev.switchboard.worker.core.backend.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.TransportFailures;
import jakarta.ws.rs.WebApplicationException;

import java.io.IOException;
import java.time.Duration;

/**
 * A backend server as its worker talks to it: where it is, how long to wait for it, and how its
 * failures read to clients. Every failure of every call to it — an HTTP status, a connection that
 * cannot be opened or breaks, a stream that falls silent — is classified here, the same way for
 * every backend; a backend supplies only where its error bodies keep their message.
 *
 * @param baseUrl            e.g. {@code http://127.0.0.1:11434}
 * @param label              how messages name the server, e.g. {@code Ollama at http://127.0.0.1:11434}
 * @param connectTimeout     how long to wait for a TCP connection
 * @param idleTimeout        how long a stream may stay silent, before its first byte or between two
 * @param idleTimeoutSetting the setting an operator changes to allow longer silences, named in the error
 * @param apiKeySetting      the setting of the key the worker sends, or null for a server that takes none;
 *                           with one, 401 and 403 are the operator's problem rather than the client's
 * @param errorBodies        where the server's JSON error bodies keep their message
 */
public record BackendServer(String baseUrl, String label, Duration connectTimeout, Duration idleTimeout,
                            String idleTimeoutSetting, String apiKeySetting, ErrorBodyReader errorBodies) {

    private static final int MAX_MESSAGE = 300;

    /** The absolute URL of {@code path} on this server. */
    public String url(String path) {
        return (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + path;
    }

    /**
     * An HTTP error answer: 404 is NOT_FOUND (a model the server does not have), 429 and 503 are
     * OVERLOADED (busy, loading), other 4xx are the request's fault, 5xx the server's. A 411 means
     * the body went chunked, which no backend reads and the worker never does; refused credentials
     * are the operator's to fix.
     */
    public BackendException forStatus(int status, String body) {
        String message = errorMessage(body);
        String detail = message.isEmpty() ? "" : ": " + message;
        if (status == 404) {
            return new BackendException(ErrorType.NOT_FOUND, label + " answered 404" + detail);
        }
        if (status == 411) {
            return new BackendException(ErrorType.BACKEND_ERROR, label + " answered 411 Length Required: the worker sent"
                    + " the request body chunked, without a Content-Length, which this server cannot read (a bug)" + detail);
        }
        if ((status == 401 || status == 403) && apiKeySetting != null) {
            return new BackendException(ErrorType.BACKEND_ERROR, label + " refused the worker's credentials (HTTP "
                    + status + "; see " + apiKeySetting + ")" + detail);
        }
        if (status == 429 || status == 503) {
            return new BackendException(ErrorType.OVERLOADED, label + " is busy (HTTP " + status + ")" + detail);
        }
        return status >= 400 && status < 500
                ? new BackendException(ErrorType.INVALID_REQUEST, label + " refused the request (HTTP " + status + ")" + detail)
                : new BackendException(ErrorType.BACKEND_ERROR, label + " failed (HTTP " + status + ")" + detail);
    }

    /** A connection that could not be opened or broke before the answer: the server is as good as gone. */
    public BackendException unreachable(Throwable failure) {
        return new BackendException(ErrorType.OVERLOADED, label + " is not reachable: " + TransportFailures.describe(failure), failure);
    }

    /** The connection broke after the answer started: the server failed in the middle of it. */
    public BackendException brokeOff(Throwable failure) {
        return new BackendException(ErrorType.BACKEND_ERROR, label + " broke off the stream: " + TransportFailures.describe(failure), failure);
    }

    /** Nothing came for {@link #idleTimeout()}. */
    public BackendException silent() {
        return new BackendException(ErrorType.OVERLOADED, label + " sent nothing for " + idleTimeout.toSeconds()
                + " s (" + idleTimeoutSetting + ")");
    }

    /** Any failure of a call to the server (a REST client's included), already classified or not. */
    public BackendException classify(Throwable failure) {
        if (failure instanceof BackendException backend) {
            return backend;
        }
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            return forStatus(web.getResponse().getStatus(), body(web));
        }
        if (TransportFailures.isTransport(failure)) {
            return unreachable(failure);
        }
        return new BackendException(ErrorType.BACKEND_ERROR, "talking to " + label + " failed: " + TransportFailures.describe(failure), failure);
    }

    /** The message in an error body, else the body itself, shortened; empty for an empty body. */
    String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.isObject()) {
                String message = errorBodies.message(json);
                if (message != null) {
                    return shorten(message);
                }
            }
        } catch (IOException e) {
            // not JSON: a plain text answer or a proxy's page, shown as it came
        }
        return shorten(body.strip());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }

    private static String body(WebApplicationException web) {
        try {
            return web.getResponse().readEntity(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
