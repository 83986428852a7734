package dev.switchboard.gateway.exchange.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.exchange.ExchangeRequest;
import dev.switchboard.gateway.exchange.ExchangeStreams;
import dev.switchboard.gateway.exchange.Exchanges;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonResponses;
import dev.switchboard.gateway.front.RequestJson;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.pipeline.EventPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Multi-model exchanges over HTTP: {@code POST /api/chat/multi-model} starts one and answers its
 * events as server-sent events; {@code POST /api/chat/multi-model/{id}/messages} continues it;
 * {@code GET /api/chat/{id}/stream} re-attaches to it ({@code Last-Event-ID} or {@code ?after=N.k});
 * {@code POST /api/chat/cancel/{id}} stops it. The last two share their paths with single
 * generations, whose ids are {@code msg_…}: these routes come first and take only {@code xchg_…} ids.
 * Errors are the {@code /api} endpoints' JSON errors.
 */
@ApplicationScoped
public class ExchangeRoutes {

    private static final Logger LOG = Logger.getLogger(ExchangeRoutes.class);
    private static final String EXCHANGE_ID = "(xchg_[A-Za-z0-9]{1,100})";
    /** Before the routes of single generations on the same paths. */
    private static final int FIRST = -100;

    private final Exchanges exchanges;
    private final ExchangeStreams streams;
    private final GatewayConfig config;

    public ExchangeRoutes(Exchanges exchanges, ExchangeStreams streams, GatewayConfig config) {
        this.exchanges = exchanges;
        this.streams = streams;
        this.config = config;
    }

    void register(@Observes Router routes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxApiBody().asLongValue());
        routes.post("/api/chat/multi-model").order(FIRST).handler(body).handler(this::start).failureHandler(ExchangeRoutes::failure);
        routes.postWithRegex("/api/chat/multi-model/" + EXCHANGE_ID + "/messages").order(FIRST).handler(body)
                .handler(this::answer).failureHandler(ExchangeRoutes::failure);
        routes.postWithRegex("/api/chat/multi-model/[^/]+/messages").order(FIRST + 1).handler(ctx -> error(ctx,
                GatewayError.invalidRequest("not an exchange id; give the id of exchange_start (xchg_…)")));
        routes.getWithRegex("/api/chat/" + EXCHANGE_ID + "/stream").order(FIRST).handler(this::reattach)
                .failureHandler(ExchangeRoutes::failure);
        routes.postWithRegex("/api/chat/cancel/" + EXCHANGE_ID).order(FIRST).handler(this::cancel)
                .failureHandler(ExchangeRoutes::failure);
    }

    private void start(RoutingContext ctx) {
        ExchangeRequest request = ExchangeRequest.read(json(ctx), exchanges.config().limits());
        exchanges.start(request, Caller.keyIdOf(ctx)).subscribe().with(accepted -> send(ctx, accepted), ctx::fail);
    }

    private void answer(RoutingContext ctx) {
        String id = ctx.pathParam("param0");
        ExchangeRequest.Continuation message = ExchangeRequest.Continuation.read(json(ctx), exchanges.config().limits());
        exchanges.visibleTo(Caller.keyIdOf(ctx), id).chain(() -> exchanges.answer(id, message))
                .subscribe().with(accepted -> send(ctx, accepted), ctx::fail);
    }

    /** The events that answer the user's message, from its {@code exchange_start} to its {@code exchange_end}. */
    private void send(RoutingContext ctx, Exchanges.Accepted accepted) {
        streams.send(ctx, accepted.exchangeId(), accepted.after(), accepted.requestId());
    }

    private void reattach(RoutingContext ctx) {
        String id = ctx.pathParam("param0");
        long after = EventPosition.resumeAfter(ctx.queryParams().get("after"), ctx.request().getHeader("Last-Event-ID")).seq();
        exchanges.visibleTo(Caller.keyIdOf(ctx), id).chain(() -> exchanges.exists(id)).subscribe().with(kept -> {
            if (!kept) {
                ctx.fail(GatewayError.notFound("no exchange '" + id + "' is kept here: it is unknown, or ended longer "
                        + "ago than exchanges are kept (SWITCHBOARD_MULTI_MODEL_RETENTION)"));
                return;
            }
            streams.send(ctx, id, after, null);
        }, ctx::fail);
    }

    private void cancel(RoutingContext ctx) {
        String id = ctx.pathParam("param0");
        exchanges.visibleTo(Caller.keyIdOf(ctx), id).chain(() -> exchanges.cancel(id)).subscribe().with(running -> JsonResponses.json(ctx, 200, Map.of(
                "id", id, "cancelled", true, "state", running ? "running" : "not_running")), ctx::fail);
    }

    private static JsonNode json(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw GatewayError.invalidRequest("the request body is empty; send a JSON object");
        }
        try {
            return RequestJson.parse(body.getBytes());
        } catch (InvalidRequestException e) {
            throw GatewayError.invalidRequest(e.getMessage());
        }
    }

    private static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof InvalidRequestException invalid) {
            error(ctx, GatewayError.invalidRequest(invalid.getMessage()));
        } else if (failure instanceof GatewayError error) {
            error(ctx, error);
        } else if (ctx.statusCode() == 413) {
            error(ctx, GatewayError.tooLarge("the request body is larger than the /api endpoints accept"));
        } else {
            LOG.error("multi-model request failed", failure);
            error(ctx, GatewayError.internal("internal error in the gateway"));
        }
    }

    private static void error(RoutingContext ctx, GatewayError error) {
        int status = error.kind().httpStatus();
        String requestId = Ids.request();
        ctx.response().putHeader("request-id", requestId);
        JsonResponses.json(ctx, status, ErrorBody.of(ApiErrorType.forStatus(status), error.getMessage()).withRequestId(requestId));
    }
}
