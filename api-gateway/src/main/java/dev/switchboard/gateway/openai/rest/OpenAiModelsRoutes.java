package dev.switchboard.gateway.openai.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.routing.ModelRegistry;
import dev.switchboard.gateway.routing.ModelRouter;
import dev.switchboard.gateway.routing.Route;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.keys.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * OpenAI's model list on the path Anthropic's shares: {@code GET /v1/models} and
 * {@code GET /v1/models/{id}}. A request with an {@code anthropic-version} header (the Anthropic
 * SDKs and Claude Code always send one) goes on to Anthropic's paged list; any other gets
 * OpenAI's shape, unpaged, every visible model.
 */
@ApplicationScoped
public class OpenAiModelsRoutes {

    static final String ANTHROPIC_VERSION = "anthropic-version";
    private static final String OWNER = "switchboard";

    private final ModelRouter router;
    private final ModelRegistry registry;

    public OpenAiModelsRoutes(ModelRouter router, ModelRegistry registry) {
        this.router = router;
        this.registry = registry;
    }

    void register(@Observes Router routes) {
        // Ahead of the Anthropic routes of the same paths, which answer whatever this one passes on.
        routes.get("/v1/models").order(-10).handler(this::list).failureHandler(OpenAiModelsRoutes::failure);
        routes.get("/v1/models/:id").order(-10).handler(this::one).failureHandler(OpenAiModelsRoutes::failure);
    }

    private static boolean anthropic(RoutingContext ctx) {
        return ctx.request().getHeader(ANTHROPIC_VERSION) != null;
    }

    /** A failure of the Anthropic list this route passed on is Anthropic's to answer. */
    private static void failure(RoutingContext ctx) {
        if (anthropic(ctx)) {
            ctx.next();
        } else {
            OpenAiResponses.failure(ctx);
        }
    }

    private void list(RoutingContext ctx) {
        if (anthropic(ctx)) {
            ctx.next();
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        router.models(Caller.of(ctx)::allows).keySet().forEach(name -> data.add(model(name, name)));
        JsonResponses.json(ctx, 200, body);
    }

    private void one(RoutingContext ctx) {
        if (anthropic(ctx)) {
            ctx.next();
            return;
        }
        String id = ctx.pathParam("id");
        if (router.models().containsKey(id)) {
            JsonResponses.json(ctx, 200, model(id, id));
            return;
        }
        try {
            Route route = router.route(id);
            JsonResponses.json(ctx, 200, model(id, route.model()));
        } catch (GatewayError e) {
            OpenAiResponses.error(ctx, OpenAiError.notFound("The model '" + id + "' does not exist; available models: "
                    + String.join(", ", router.models().keySet()), "model_not_found"));
        }
    }

    private ObjectNode model(String id, String served) {
        return JsonNodeFactory.instance.objectNode()
                .put("id", id)
                .put("object", "model")
                .put("created", registry.firstSeen(served).getEpochSecond())
                .put("owned_by", OWNER);
    }
}
