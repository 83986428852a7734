package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.gateway.anthropic.mapping.AnthropicErrorTypes;
import dev.switchboard.gateway.anthropic.mapping.AnthropicErrors;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.front.JsonResponses;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** Writes Anthropic-shaped responses: JSON bodies, and errors with the status and body Anthropic uses. */
final class AnthropicResponses {

    static final String REQUEST_ID = "request-id";
    private static final Logger LOG = Logger.getLogger(AnthropicResponses.class);

    private AnthropicResponses() {
    }

    static void json(RoutingContext ctx, int status, Object body) {
        JsonResponses.json(ctx, status, body);
    }

    static void error(RoutingContext ctx, GatewayError error) {
        error(ctx, AnthropicErrorTypes.ofRefusal(error.kind()), error.getMessage());
    }

    /** A failure a worker reported before any byte of the answer went out. */
    static void error(RoutingContext ctx, ErrorType type, String message) {
        error(ctx, AnthropicErrorTypes.of(type), message);
    }

    private static void error(RoutingContext ctx, AnthropicErrorTypes.Mapped error, String message) {
        String requestId = ctx.response().headers().get(REQUEST_ID);
        if (error.status() >= 500) {
            LOG.warnf("request %s failed: %s %s", requestId, error.type(), message);
        }
        json(ctx, error.status(), AnthropicErrors.body(error.type(), message, requestId));
    }

    /** Turns whatever failed a route into an Anthropic error: the client always gets its own error format. */
    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof HttpClosedException) {
            // The client went away, e.g. in the middle of its upload: nobody to answer, nothing wrong here.
            LOG.debugf("client gone before its request was read: %s", failure);
            return;
        }
        GatewayError error;
        if (failure instanceof GatewayError refused) {
            error = refused;
        } else if (ctx.statusCode() == 413) {
            error = GatewayError.tooLarge("the request body is larger than this gateway accepts");
        } else if (failure instanceof DecoderException || failure instanceof NumberFormatException) {
            // Netty could not decode the request's framing, e.g. a chunk size that is not hex.
            error = GatewayError.invalidRequest("the request body could not be read: its HTTP framing is broken");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = GatewayError.invalidRequest("the request could not be read (HTTP " + ctx.statusCode() + ")");
        } else {
            LOG.error("unexpected failure", failure);
            error = GatewayError.internal("internal error in the gateway");
        }
        if (ctx.response().headers().get(REQUEST_ID) == null) {
            ctx.response().putHeader(REQUEST_ID, Ids.request());
        }
        error(ctx, error);
    }
}
