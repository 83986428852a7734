package dev.switchboard.gateway.ollama.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonFields;
import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.front.RequestBodies;
import dev.switchboard.gateway.models.ModelOperationException;
import dev.switchboard.gateway.models.ModelOperations;
import dev.switchboard.gateway.ollama.mapping.OllamaErrors;
import dev.switchboard.gateway.ollama.mapping.OllamaModels;
import dev.switchboard.gateway.routing.ModelRegistry;
import dev.switchboard.gateway.routing.ModelRouter;
import io.vertx.core.Context;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ollama's model endpoints over every pool: {@code GET /api/tags} (every visible model of every
 * live server), {@code POST /api/show} (asked of a worker that serves the model),
 * {@code GET /api/ps} (the models loaded in memory on every backend server, as the workers
 * report them), {@code GET /api/version} (the Ollama API version emulated). The Ollama endpoints Switchboard does
 * not serve answer 404 in Ollama's shape, saying so.
 */
@ApplicationScoped
public class OllamaModelsRoutes {

    private static final String NOT_SERVED = " is not served by Switchboard; it serves /api/chat, /api/generate, /api/tags,"
            + " /api/show, /api/ps and /api/version of Ollama's API";

    private final ModelRouter router;
    private final ModelRegistry registry;
    private final ModelOperations operations;
    private final GatewayConfig config;

    public OllamaModelsRoutes(ModelRouter router, ModelRegistry registry, ModelOperations operations, GatewayConfig config) {
        this.router = router;
        this.registry = registry;
        this.operations = operations;
        this.config = config;
    }

    void register(@Observes Router routes) {
        routes.get("/api/tags").order(OllamaChatRoutes.ORDER).handler(this::tags).failureHandler(OllamaResponses::failure);
        routes.get("/api/ps").order(OllamaChatRoutes.ORDER).handler(this::ps).failureHandler(OllamaResponses::failure);
        routes.get("/api/version").order(OllamaChatRoutes.ORDER).handler(this::version).failureHandler(OllamaResponses::failure);
        routes.post("/api/show").order(OllamaChatRoutes.ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxApiBody().asLongValue()))
                .handler(this::show).failureHandler(OllamaResponses::failure);
        for (String path : new String[] {"/api/embed", "/api/embeddings", "/api/create", "/api/copy", "/api/push", "/api/blobs/*"}) {
            routes.route(path).order(OllamaChatRoutes.ORDER)
                    .handler(ctx -> OllamaResponses.error(ctx, 404, ctx.request().path() + NOT_SERVED));
        }
    }

    private void tags(RoutingContext ctx) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode models = body.putArray("models");
        Set<String> listed = new LinkedHashSet<>();
        Caller caller = Caller.of(ctx);
        for (WorkerStatus worker : registry.workers()) {
            if (!worker.backendReachable()) {
                continue;
            }
            for (ModelInfo model : worker.models()) {
                if (router.listed(model.name()) && caller.allows(model.name(), worker.pool()) && listed.add(model.name())) {
                    models.add(OllamaModels.tag(model, worker.backendKind(), registry.firstSeen(model.name())));
                }
            }
        }
        JsonResponses.json(ctx, 200, body);
    }

    /** Each server once, however many workers share it; a model loaded on two servers is listed twice. */
    private void ps(RoutingContext ctx) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode models = body.putArray("models");
        Set<String> seen = new LinkedHashSet<>();
        Caller caller = Caller.of(ctx);
        for (WorkerStatus worker : registry.workers()) {
            for (ModelInfo model : worker.models()) {
                if (model.loaded() != null && router.listed(model.name()) && caller.allows(model.name(), worker.pool())
                        && seen.add(worker.backendUrl() + " " + model.name())) {
                    models.add(OllamaModels.loaded(model, worker.backendKind()));
                }
            }
        }
        JsonResponses.json(ctx, 200, body);
    }

    private void version(RoutingContext ctx) {
        JsonResponses.json(ctx, 200, JsonNodeFactory.instance.objectNode().put("version", OllamaModels.API_VERSION));
    }

    private void show(RoutingContext ctx) {
        RequestBodies.read(ctx, OllamaModelsRoutes::showName, name -> show(ctx, name), invalid -> OllamaResponses.invalid(ctx, invalid));
    }

    /** {@code model}, or {@code name} as older clients send it. */
    private static String showName(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "expected a JSON object, got " + JsonFields.kind(body));
        }
        for (String field : new String[] {"model", "name"}) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual() && !value.textValue().isBlank()) {
                return value.textValue().strip();
            }
        }
        throw new InvalidRequestException("model", "model is required");
    }

    /** Asked of a worker that serves the model, which asks its backend (the model operations' show). */
    private void show(RoutingContext ctx, String requested) {
        String name = OllamaModels.served(requested, router.models().keySet());
        Context context = ctx.vertx().getOrCreateContext();
        operations.show(name).subscribe().with(
                details -> context.runOnContext(ignored -> JsonResponses.json(ctx, 200, details)),
                failure -> context.runOnContext(ignored -> {
                    if (failure instanceof ModelOperationException e) {
                        OllamaResponses.error(ctx, OllamaErrors.status(e.type()), e.getMessage());
                    } else {
                        ctx.fail(failure);
                    }
                }));
    }
}
