package dev.switchboard.gateway.openai.rest;

import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.front.AssembledReply;
import dev.switchboard.gateway.front.Conversations;
import dev.switchboard.gateway.front.JobFactory;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.front.RequestBodies;
import dev.switchboard.gateway.front.StreamingReply;
import dev.switchboard.gateway.openai.mapping.OpenAiRequest;
import dev.switchboard.gateway.openai.mapping.OpenAiRequestMapper;
import dev.switchboard.gateway.openai.mapping.OpenAiStreamRenderer;
import dev.switchboard.gateway.pipeline.Generations;
import dev.switchboard.gateway.errors.GatewayError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;

/**
 * OpenAI's Chat Completions, {@code POST /v1/chat/completions}, streaming and not, as a translation
 * onto the one pipeline. The other OpenAI endpoints clients probe answer a 404 in OpenAI's shape
 * that says what is served instead.
 */
@ApplicationScoped
public class ChatCompletionsRoutes {

    /** A client's own session header, taken as the conversation id when the Switchboard header is absent. */
    static final String SESSION_HEADER = "x-session-id";
    static final String SUPPORTED = "this server implements POST /v1/chat/completions, GET /v1/models and GET /v1/models/{id}"
            + " of OpenAI's API";

    private final Generations generations;
    private final JobFactory jobs;
    private final GatewayConfig config;

    public ChatCompletionsRoutes(Generations generations, JobFactory jobs, GatewayConfig config) {
        this.generations = generations;
        this.jobs = jobs;
        this.config = config;
    }

    void register(@Observes Router routes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBody().asLongValue());
        routes.post("/v1/chat/completions").handler(body).handler(this::completions).failureHandler(OpenAiResponses::failure);
        for (String path : new String[] {"/v1/completions", "/v1/embeddings", "/v1/responses", "/v1/responses/*",
                "/v1/audio/*", "/v1/images/*", "/v1/moderations", "/v1/files", "/v1/files/*", "/v1/batches", "/v1/batches/*"}) {
            routes.route(path).handler(this::notServed);
        }
    }

    private void notServed(RoutingContext ctx) {
        OpenAiResponses.error(ctx, OpenAiError.notFound(ctx.request().method() + " " + ctx.request().path()
                + " is not served: " + SUPPORTED, "unknown_url"));
    }

    private void completions(RoutingContext ctx) {
        RequestBodies.read(ctx, OpenAiRequestMapper::toCanonical, request -> run(ctx, request),
                invalid -> OpenAiResponses.error(ctx, OpenAiResponses.invalid(invalid)));
    }

    private void run(RoutingContext ctx, OpenAiRequest request) {
        GenerationJob job;
        try {
            String conversation = Conversations.of(ctx.request(), ctx.request().getHeader(SESSION_HEADER), request.user());
            job = jobs.job(request.model(), request.chat(), ClientKind.OPENAI, conversation, request.stream(),
                    Caller.keyIdOf(ctx));
        } catch (GatewayError e) {
            OpenAiResponses.error(ctx, OpenAiResponses.refused(e));
            return;
        }
        ctx.response().putHeader("switchboard-message-id", job.jobId());
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("chatcmpl-" + job.jobId(), request.model(),
                Instant.now().getEpochSecond(), request.includeUsage());
        OpenAiReplyFormat format = new OpenAiReplyFormat(renderer);
        if (request.stream()) {
            new StreamingReply(ctx, format, config).run(generations.submit(job));
        } else {
            new AssembledReply(ctx, format).run(generations.submit(job));
        }
    }
}
