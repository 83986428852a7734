package dev.switchboard.gateway.anthropic.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.routing.ModelRegistry;
import dev.switchboard.gateway.routing.ModelRouter;
import dev.switchboard.gateway.routing.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's model list, {@code GET /v1/models} and {@code GET /v1/models/{id}}, over the models
 * the live workers serve. Paging follows Anthropic: {@code limit}, {@code after_id}, {@code before_id}.
 */
@ApplicationScoped
public class ModelsRoutes {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    private final ModelRouter router;
    private final ModelRegistry registry;

    public ModelsRoutes(ModelRouter router, ModelRegistry registry) {
        this.router = router;
        this.registry = registry;
    }

    void register(@Observes Router routes) {
        routes.get("/v1/models").handler(this::requestId).handler(this::list).failureHandler(AnthropicResponses::failure);
        routes.get("/v1/models/:id").handler(this::requestId).handler(this::one).failureHandler(AnthropicResponses::failure);
    }

    private void requestId(RoutingContext ctx) {
        ctx.response().putHeader(AnthropicResponses.REQUEST_ID, Ids.request());
        ctx.next();
    }

    private void list(RoutingContext ctx) {
        int limit = limit(ctx.request().getParam("limit"));
        String afterId = ctx.request().getParam("after_id");
        String beforeId = ctx.request().getParam("before_id");
        List<String> names = new ArrayList<>(router.models(Caller.of(ctx)::allows).keySet());
        int from = 0;
        int to = names.size();
        if (afterId != null) {
            from = indexOf(names, afterId, "after_id") + 1;
        }
        if (beforeId != null) {
            to = indexOf(names, beforeId, "before_id");
        }
        List<String> page;
        boolean hasMore;
        if (beforeId != null && afterId == null) {
            int start = Math.max(from, to - limit);
            page = names.subList(start, to);
            hasMore = start > from;
        } else {
            int end = Math.min(to, from + limit);
            page = from >= end ? List.of() : names.subList(from, end);
            hasMore = end < to;
        }
        // A tree, not a map: first_id and last_id are null on an empty page, and must say so.
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("data", Json.mapper().valueToTree(page.stream().map(name -> model(name, name)).toList()));
        body.put("has_more", hasMore);
        body.put("first_id", page.isEmpty() ? null : page.getFirst());
        body.put("last_id", page.isEmpty() ? null : page.getLast());
        AnthropicResponses.json(ctx, 200, body);
    }

    private void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (router.models().containsKey(id)) {
            AnthropicResponses.json(ctx, 200, model(id, id));
            return;
        }
        // Claude's own names are served by local models through aliases; answer for them too.
        try {
            Route route = router.route(id);
            AnthropicResponses.json(ctx, 200, model(id, route.model()));
        } catch (GatewayError e) {
            throw GatewayError.notFound("model '" + id + "' not found; available models: "
                    + String.join(", ", router.models().keySet()));
        }
    }

    private Map<String, Object> model(String id, String served) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "model");
        model.put("id", id);
        model.put("display_name", id.equals(served) ? id : id + " (served by " + served + ")");
        model.put("created_at", DateTimeFormatter.ISO_INSTANT.format(registry.firstSeen(served)));
        return model;
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayError.invalidRequest("limit must be an integer from 1 to " + MAX_LIMIT + ", was '" + value + "'");
    }

    private static int indexOf(List<String> names, String id, String parameter) {
        int index = names.indexOf(id);
        if (index < 0) {
            throw GatewayError.invalidRequest(parameter + " '" + id + "' is not a listed model");
        }
        return index;
    }
}
