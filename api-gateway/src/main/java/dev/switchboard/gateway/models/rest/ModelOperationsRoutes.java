package dev.switchboard.gateway.models.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.gateway.models.ModelOperationException;
import dev.switchboard.gateway.models.ModelOperations;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * Ollama's model management on the gateway: {@code POST /api/pull} (progress as NDJSON lines by
 * default, one {@code {"status":"success"}} with {@code "stream": false}) and
 * {@code DELETE /api/delete} (200 with no body), for a model ({@code model}, or {@code name} as
 * older clients send it) named alone (every Ollama pool) or as {@code pool/model}. Errors are
 * Ollama's {@code {"error": "…"}}: before the first line with Ollama's statuses, after it as the
 * last line, as Ollama does. A client that hangs up cancels the pull on every server.
 */
@ApplicationScoped
public class ModelOperationsRoutes {

    private static final Logger LOG = Logger.getLogger(ModelOperationsRoutes.class);
    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json; charset=utf-8";
    /** A pull or delete request is a name and a flag or two. */
    private static final long BODY_LIMIT = 64 * 1024;

    private final ModelOperations operations;

    public ModelOperationsRoutes(ModelOperations operations) {
        this.operations = operations;
    }

    void register(@Observes Router routes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
        routes.post("/api/pull").handler(body).handler(this::pull);
        routes.delete("/api/delete").handler(body).handler(this::delete);
    }

    private void pull(RoutingContext ctx) {
        JsonNode request = request(ctx);
        if (request == null) {
            return;
        }
        String model = model(request);
        boolean stream = request.path("stream").asBoolean(true);
        HttpServerResponse response = ctx.response();
        Cancellable pulling = stream
                ? operations.pull(model).subscribe().with(
                        progress -> line(response, progress),
                        failure -> failed(response, failure),
                        () -> end(response))
                : operations.pull(model).collect().last().subscribe().with(
                        last -> json(response, 200, Json.mapper().valueToTree(PullProgress.step(PullProgress.SUCCESS))),
                        failure -> failed(response, failure));
        response.closeHandler(ignored -> pulling.cancel());
    }

    private void delete(RoutingContext ctx) {
        JsonNode request = request(ctx);
        if (request == null) {
            return;
        }
        operations.delete(model(request)).subscribe().with(
                ignored -> ctx.response().setStatusCode(200).end(),
                failure -> failed(ctx.response(), failure));
    }

    /** The body as a JSON object naming a model, or null when it is not one and the 400 is sent. */
    private static JsonNode request(RoutingContext ctx) {
        JsonNode body;
        try {
            body = ctx.body().length() == 0 ? null : Json.mapper().readTree(ctx.body().buffer().getBytes());
        } catch (JsonProcessingException e) {
            error(ctx.response(), 400, "invalid JSON body: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            error(ctx.response(), 400, "unreadable body: " + e.getMessage());
            return null;
        }
        if (body == null || !body.isObject()) {
            error(ctx.response(), 400, "missing request body: send {\"model\": \"name\"}");
            return null;
        }
        if (model(body).isBlank()) {
            error(ctx.response(), 400, "model is required");
            return null;
        }
        return body;
    }

    private static String model(JsonNode body) {
        String model = body.path("model").asText("").strip();
        return model.isEmpty() ? body.path("name").asText("").strip() : model;
    }

    private static void line(HttpServerResponse response, PullProgress progress) {
        if (response.closed()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
        }
        response.write(Json.mapper().valueToTree(progress).toString() + "\n");
    }

    private static void end(HttpServerResponse response) {
        if (response.closed() || response.ended()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
        }
        response.end();
    }

    private static void failed(HttpServerResponse response, Throwable failure) {
        if (response.closed() || response.ended()) {
            return;
        }
        if (!(failure instanceof ModelOperationException)) {
            LOG.warnf(failure, "model operation failed");
        }
        String message = String.valueOf(failure.getMessage());
        if (response.headWritten()) {
            // Ollama ends a stream that failed with an error line, its status long sent.
            response.end(Json.mapper().createObjectNode().put("error", message).toString() + "\n");
        } else {
            error(response, status(failure), message);
        }
    }

    /** Ollama's statuses: 404 for a model it does not have, 400 for a request it cannot do, 500 otherwise. */
    static int status(Throwable failure) {
        ErrorType type = failure instanceof ModelOperationException operation ? operation.type() : ErrorType.BACKEND_ERROR;
        return switch (type) {
            case NOT_FOUND -> 404;
            case INVALID_REQUEST -> 400;
            case PERMISSION_DENIED -> 403;
            case OVERLOADED -> 503;
            case TIMEOUT -> 504;
            default -> 500;
        };
    }

    private static void error(HttpServerResponse response, int status, String message) {
        json(response, status, Json.mapper().createObjectNode().put("error", message));
    }

    private static void json(HttpServerResponse response, int status, JsonNode body) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toString());
    }
}
