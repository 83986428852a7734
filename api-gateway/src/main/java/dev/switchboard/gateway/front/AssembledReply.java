package dev.switchboard.gateway.front;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.errors.GatewayError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;

/**
 * One non-streaming response of any front: the same events through the same
 * format, answered as one JSON body at the end. A client that goes away cancels the job.
 */
public final class AssembledReply {

    private final RoutingContext ctx;
    private final ReplyFormat format;
    private final Context context;
    private Cancellable subscription;
    private boolean finished;

    public AssembledReply(RoutingContext ctx, ReplyFormat format) {
        this.ctx = ctx;
        this.format = format;
        this.context = ctx.vertx().getOrCreateContext();
    }

    public void run(Multi<StreamEvent> events) {
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
                        if (failure instanceof GatewayError refused) {
                            Refusals.fail(ctx, refused);
                        } else {
                            format.refuse(ctx, ErrorType.BACKEND_ERROR, "the gateway lost the job: " + failure.getMessage());
                        }
                    }
                }));
    }

    private void onEvent(StreamEvent event) {
        if (finished) {
            return;
        }
        if (event instanceof StreamEvent.Error error) {
            finished = true;
            format.refuse(ctx, error.errorType(), error.message());
            return;
        }
        format.on(event);
        if (event.isTerminal()) {
            finished = true;
            JsonResponses.json(ctx, 200, format.whole());
        }
    }
}
