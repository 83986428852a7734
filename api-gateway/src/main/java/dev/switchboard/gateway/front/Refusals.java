package dev.switchboard.gateway.front;

import dev.switchboard.gateway.errors.GatewayError;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands a refusal known before any byte of the answer to the route's failure handler, which writes
 * it in its front's protocol; the headers every protocol shares ({@code retry-after}) go here, once.
 */
public final class Refusals {

    private Refusals() {
    }

    public static void fail(RoutingContext ctx, GatewayError error) {
        if (error.retryAfterSeconds() > 0) {
            ctx.response().putHeader("retry-after", String.valueOf(error.retryAfterSeconds()));
        }
        ctx.fail(error);
    }
}
