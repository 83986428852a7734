package dev.switchboard.gateway.ollama.rest;

import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.ollama.mapping.OllamaErrors;
import dev.switchboard.gateway.errors.GatewayError;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** Writes Ollama-shaped errors, {@code {"error":"…"}} with Ollama's statuses: the client always gets its own error format. */
final class OllamaResponses {

    private static final Logger LOG = Logger.getLogger(OllamaResponses.class);

    private OllamaResponses() {
    }

    static void error(RoutingContext ctx, int status, String message) {
        if (status >= 500) {
            LOG.warnf("Ollama request failed: %d %s", status, message);
        }
        JsonResponses.json(ctx, status, OllamaErrors.body(message));
    }

    static void invalid(RoutingContext ctx, InvalidRequestException e) {
        // Ollama's own messages do not name a path; "model is required" reads better without one.
        error(ctx, 400, e.path().equals("model") && e.getMessage().endsWith("model is required") ? "model is required" : e.getMessage());
    }

    /** Ollama answers each kind of refusal with its plain HTTP status. */
    static void refused(RoutingContext ctx, GatewayError e) {
        error(ctx, e.kind().httpStatus(), e.getMessage());
    }

    /** Turns whatever failed a route into an Ollama error. */
    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof HttpClosedException) {
            LOG.debugf("client gone before its request was read: %s", failure);
            return;
        }
        if (failure instanceof InvalidRequestException invalid) {
            invalid(ctx, invalid);
        } else if (failure instanceof GatewayError refused) {
            refused(ctx, refused);
        } else if (ctx.statusCode() == 413) {
            error(ctx, 413, "the request body is larger than this gateway accepts");
        } else if (failure instanceof DecoderException || failure instanceof NumberFormatException) {
            error(ctx, 400, "the request body could not be read: its HTTP framing is broken");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error(ctx, ctx.statusCode(), "the request could not be read (HTTP " + ctx.statusCode() + ")");
        } else {
            LOG.error("unexpected failure", failure);
            error(ctx, 500, "internal error in the gateway");
        }
    }
}
