package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.Ids;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.keys.JobOwners;
import dev.switchboard.gateway.front.StreamingReply;
import dev.switchboard.gateway.pipeline.GenerationIds;
import dev.switchboard.gateway.pipeline.EventPosition;
import dev.switchboard.gateway.pipeline.Replays;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


/**
 * {@code GET /api/chat/{id}/stream}: re-attaching to a resumable generation, through any gateway.
 * The answer is the stream {@code /v1/messages} sent, in Anthropic's streaming format with the same
 * SSE ids: replayed from the start, then live until {@code message_stop} (or the error event).
 * {@code Last-Event-ID} (what a browser's EventSource sends by itself) or {@code ?after=N.k} resumes
 * right after that event. A generation not kept (unknown, not resumable, expired) is a 404.
 */
@ApplicationScoped
public class ReattachRoutes {


    private final Replays replays;
    private final GatewayConfig config;
    private final JobOwners owners;

    public ReattachRoutes(Replays replays, GatewayConfig config, JobOwners owners) {
        this.replays = replays;
        this.config = config;
        this.owners = owners;
    }

    void register(@Observes Router routes) {
        routes.get("/api/chat/:id/stream").handler(this::reattach).failureHandler(AnthropicResponses::failure);
    }

    private void reattach(RoutingContext ctx) {
        ctx.response().putHeader(AnthropicResponses.REQUEST_ID, Ids.request());
        String id = ctx.pathParam("id");
        GenerationIds.require(id);
        EventPosition after = EventPosition.resumeAfter(ctx.queryParams().get("after"), ctx.request().getHeader("Last-Event-ID"));
        owners.check(Caller.of(ctx), id).chain(() -> replays.attach(id)).subscribe().with(replay -> {
            AnthropicStreamRenderer renderer = new AnthropicStreamRenderer(id, replay.info().model(), replay.info().inputTokens());
            ctx.response().putHeader("switchboard-message-id", id);
            new StreamingReply(ctx, AnthropicReplyFormat.withIds(renderer, after), config, true).run(replay.events());
        }, ctx::fail);
    }
}
