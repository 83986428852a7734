package dev.switchboard.gateway.ollama.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.front.AssembledReply;
import dev.switchboard.gateway.front.Conversations;
import dev.switchboard.gateway.front.JobFactory;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.front.RequestBodies;
import dev.switchboard.gateway.front.StreamingReply;
import dev.switchboard.gateway.ollama.mapping.OllamaModels;
import dev.switchboard.gateway.ollama.mapping.OllamaRequest;
import dev.switchboard.gateway.ollama.mapping.OllamaRequestMapper;
import dev.switchboard.gateway.ollama.mapping.OllamaStreamRenderer;
import dev.switchboard.gateway.pipeline.Generations;
import dev.switchboard.gateway.routing.ModelRouter;
import dev.switchboard.gateway.errors.GatewayError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.function.Function;

/**
 * Ollama's generation endpoints, {@code POST /api/chat} and {@code POST /api/generate}: NDJSON by
 * default, one object with {@code stream: false}, as a translation onto the one pipeline. A
 * request with nothing to generate answers {@code done_reason: "load"} once the model is known to
 * be served, as Ollama does when a client preloads a model.
 */
@ApplicationScoped
public class OllamaChatRoutes {

    /** Ahead of the /api body limit of Switchboard's own endpoints: these take conversations with images. */
    static final int ORDER = -200;

    private final Generations generations;
    private final JobFactory jobs;
    private final ModelRouter router;
    private final GatewayConfig config;

    public OllamaChatRoutes(Generations generations, JobFactory jobs, ModelRouter router, GatewayConfig config) {
        this.generations = generations;
        this.jobs = jobs;
        this.router = router;
        this.config = config;
    }

    void register(@Observes Router routes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBody().asLongValue());
        routes.post("/api/chat").order(ORDER).handler(body)
                .handler(ctx -> handle(ctx, OllamaRequestMapper::chat, OllamaStreamRenderer.Endpoint.CHAT))
                .failureHandler(OllamaResponses::failure);
        routes.post("/api/generate").order(ORDER).handler(body)
                .handler(ctx -> handle(ctx, OllamaRequestMapper::generate, OllamaStreamRenderer.Endpoint.GENERATE))
                .failureHandler(OllamaResponses::failure);
    }

    private void handle(RoutingContext ctx, Function<JsonNode, OllamaRequest> translate, OllamaStreamRenderer.Endpoint endpoint) {
        RequestBodies.read(ctx, translate, request -> run(ctx, request, endpoint), invalid -> OllamaResponses.invalid(ctx, invalid));
    }

    private void run(RoutingContext ctx, OllamaRequest request, OllamaStreamRenderer.Endpoint endpoint) {
        String model = OllamaModels.served(request.model(), router.models().keySet());
        if (request.onlyLoads()) {
            load(ctx, request, model, endpoint);
            return;
        }
        GenerationJob job;
        try {
            job = jobs.job(model, request.chat(), ClientKind.OLLAMA, Conversations.of(ctx.request()), request.stream(),
                    Caller.keyIdOf(ctx));
        } catch (GatewayError e) {
            OllamaResponses.refused(ctx, e);
            return;
        }
        ctx.response().putHeader("switchboard-message-id", job.jobId());
        OllamaReplyFormat format = new OllamaReplyFormat(new OllamaStreamRenderer(request.model(), endpoint, Instant::now));
        if (request.stream()) {
            new StreamingReply(ctx, format, config).run(generations.submit(job));
        } else {
            new AssembledReply(ctx, format).run(generations.submit(job));
        }
    }

    private void load(RoutingContext ctx, OllamaRequest request, String model, OllamaStreamRenderer.Endpoint endpoint) {
        if (request.unloads()) {
            OllamaResponses.error(ctx, 400, "unloading a model (keep_alive 0 with nothing to generate) is not supported through"
                    + " Switchboard; each backend unloads models after its own keep_alive");
            return;
        }
        try {
            router.route(model);
        } catch (GatewayError e) {
            OllamaResponses.refused(ctx, e);
            return;
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("model", request.model()).put("created_at", Instant.now().toString());
        if (endpoint == OllamaStreamRenderer.Endpoint.CHAT) {
            answer.putObject("message").put("role", "assistant").put("content", "");
        } else {
            answer.put("response", "");
        }
        answer.put("done_reason", "load").put("done", true);
        JsonResponses.json(ctx, 200, answer);
    }
}
