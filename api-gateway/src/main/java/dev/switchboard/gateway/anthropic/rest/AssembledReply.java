package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.errors.GatewayError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;

/**
 * One non-streaming response: the same events, run through the same renderer, answered as one
 * message at the end. A client that goes away cancels the job.
 */
final class AssembledReply {

    private final RoutingContext ctx;
    private final AnthropicStreamRenderer renderer;
    private final Context context;
    private Cancellable subscription;
    private boolean finished;

    AssembledReply(RoutingContext ctx, AnthropicStreamRenderer renderer) {
        this.ctx = ctx;
        this.renderer = renderer;
        this.context = ctx.vertx().getOrCreateContext();
    }

    void run(Multi<StreamEvent> events) {
        ctx.response().closeHandler(ignored -> {
            if (!finished && subscription != null) {
                finished = true;
                subscription.cancel();
            }
        });
        subscription = events.subscribe().with(
                event -> context.runOnContext(ignored -> onEvent(event)),
                failure -> context.runOnContext(ignored -> {
                    if (!finished) {
                        finished = true;
                        AnthropicResponses.error(ctx, GatewayError.internal("the gateway lost the job: " + failure.getMessage()));
                    }
                }));
    }

    private void onEvent(StreamEvent event) {
        if (finished) {
            return;
        }
        if (event instanceof StreamEvent.Error error) {
            finished = true;
            AnthropicResponses.error(ctx, error.errorType(), error.message());
            return;
        }
        renderer.on(event);
        if (event.isTerminal()) {
            finished = true;
            AnthropicResponses.json(ctx, 200, renderer.message());
        }
    }
}
