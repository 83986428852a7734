package dev.switchboard.gateway.exchange;

import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.redis.client.RedisClientName;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends an exchange's events to one client as server-sent events, each with the id {@code N.0} of
 * its sequence number N (the form single generations use, so that {@code Last-Event-ID} and
 * {@code ?after=} read the same), with {@code ping} events while nothing happens. The stream ends
 * after {@code exchange_end}; a client that goes away only stops following: the exchange runs on.
 */
@ApplicationScoped
public class ExchangeStreams {

    private final Redis blocking;
    private final ExchangeStore store;
    private final GatewayConfig config;

    public ExchangeStreams(@RedisClientName("replay") Redis blocking, ExchangeStore store, GatewayConfig config) {
        this.blocking = blocking;
        this.store = store;
        this.config = config;
    }

    /**
     * Streams the exchange's events after sequence number {@code afterSeq} (-1 for all): those of the
     * request {@code requestId}, or, when it is null, the whole exchange until it no longer answers.
     */
    public void send(RoutingContext ctx, String exchangeId, long afterSeq, String requestId) {
        HttpServerResponse response = ctx.response();
        Context context = ctx.vertx().getOrCreateContext();
        response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no")
                .putHeader("switchboard-message-id", exchangeId);
        response.write("");
        long[] lastWrite = {System.currentTimeMillis()};
        long interval = config.pingInterval().toMillis();
        long ping = ctx.vertx().setPeriodic(interval, ignored -> {
            if (System.currentTimeMillis() - lastWrite[0] >= interval && !response.ended() && !response.closed()) {
                response.write("event: ping\ndata: {\"type\":\"ping\"}\n\n");
                lastWrite[0] = System.currentTimeMillis();
            }
        });
        ExchangeFollower follower = new ExchangeFollower(exchangeId, afterSeq, requestId, blocking, store, new ExchangeFollower.Client() {
            @Override
            public void event(ExchangeStore.Entry entry) {
                String wire = "id: " + entry.seq() + ".0\nevent: " + entry.event() + "\ndata: " + entry.data() + "\n\n";
                context.runOnContext(ignored -> {
                    if (!response.ended() && !response.closed()) {
                        lastWrite[0] = System.currentTimeMillis();
                        response.write(wire);
                    }
                });
            }

            @Override
            public void ended(String problem) {
                context.runOnContext(ignored -> {
                    ctx.vertx().cancelTimer(ping);
                    if (response.ended() || response.closed()) {
                        return;
                    }
                    if (problem != null) {
                        response.write("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"the gateway "
                                + problem.replace("\"", "'") + "; re-attach shortly\"}}\n\n");
                    }
                    response.end();
                });
            }
        });
        response.closeHandler(ignored -> {
            ctx.vertx().cancelTimer(ping);
            follower.stop();
        });
        follower.start();
    }
}
