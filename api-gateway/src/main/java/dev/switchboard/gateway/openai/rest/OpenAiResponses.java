package dev.switchboard.gateway.openai.rest;

import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.openai.mapping.OpenAiErrors;
import dev.switchboard.gateway.errors.GatewayError;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** Writes OpenAI-shaped errors: the client always gets its own error format. */
final class OpenAiResponses {

    private static final Logger LOG = Logger.getLogger(OpenAiResponses.class);

    private OpenAiResponses() {
    }

    static void error(RoutingContext ctx, OpenAiError error) {
        if (error.mapped().status() >= 500) {
            LOG.warnf("OpenAI request failed: %s %s", error.mapped().type(), error.getMessage());
        }
        JsonResponses.json(ctx, error.mapped().status(), OpenAiErrors.body(error.mapped(), error.getMessage()));
    }

    static OpenAiError invalid(InvalidRequestException e) {
        return OpenAiError.invalidRequest(e.path().equals("body") ? null : e.path(), e.getMessage());
    }

    static OpenAiError refused(GatewayError e) {
        return new OpenAiError(OpenAiErrors.ofRefusal(e.kind()), e.getMessage());
    }

    /** Turns whatever failed a route into an OpenAI error. */
    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().closed() || failure instanceof HttpClosedException) {
            LOG.debugf("client gone before its request was read: %s", failure);
            return;
        }
        OpenAiError error;
        if (failure instanceof OpenAiError openAi) {
            error = openAi;
        } else if (failure instanceof GatewayError refused) {
            error = refused(refused);
        } else if (failure instanceof InvalidRequestException invalid) {
            error = invalid(invalid);
        } else if (ctx.statusCode() == 413) {
            error = new OpenAiError(new OpenAiErrors.Mapped(413, OpenAiErrors.INVALID_REQUEST, null, "request_too_large"),
                    "the request body is larger than this gateway accepts");
        } else if (failure instanceof DecoderException || failure instanceof NumberFormatException) {
            error = OpenAiError.invalidRequest(null, "the request body could not be read: its HTTP framing is broken");
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = OpenAiError.invalidRequest(null, "the request could not be read (HTTP " + ctx.statusCode() + ")");
        } else {
            LOG.error("unexpected failure", failure);
            error = new OpenAiError(new OpenAiErrors.Mapped(500, OpenAiErrors.SERVER, null, null), "internal error in the gateway");
        }
        error(ctx, error);
    }
}
