package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.anthropic.mapping.SseEvent;
import dev.switchboard.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * One streaming response. Headers wait for the first piece of the answer, so that a job nobody
 * takes, or one the backend refuses at once, still gets a plain HTTP error; if the wait goes on,
 * the stream starts and the client gets pings. Everything runs on the request's event loop; a client that goes away cancels the job.
 */
final class StreamingReply {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final AnthropicStreamRenderer renderer;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final Context context;
    private Cancellable subscription;
    private boolean committed;
    private boolean finished;
    private long startTimer = -1;
    private long pingTimer = -1;
    private long lastWrite;

    StreamingReply(RoutingContext ctx, AnthropicStreamRenderer renderer, GatewayConfig config) {
        this.ctx = ctx;
        this.response = ctx.response();
        this.renderer = renderer;
        this.config = config;
        this.vertx = ctx.vertx();
        this.context = vertx.getOrCreateContext();
    }

    void run(Multi<StreamEvent> events) {
        response.closeHandler(ignored -> onClientGone());
        startTimer = vertx.setTimer(config.streamStartAfter().toMillis(), ignored -> {
            commit();
            write(List.of(AnthropicStreamRenderer.ping()));
        });
        subscription = events.subscribe().with(
                event -> context.runOnContext(ignored -> onEvent(event)),
                failure -> context.runOnContext(ignored -> onFailure(failure)));
    }

    private void onEvent(StreamEvent event) {
        if (finished) {
            return;
        }
        if (!committed && event instanceof StreamEvent.Error error) {
            // Nothing was sent yet: the client gets a plain HTTP error with the right status.
            stopTimers();
            finished = true;
            AnthropicResponses.error(ctx, error.errorType(), error.message());
            return;
        }
        if (!committed && event instanceof StreamEvent.Started) {
            // Still nothing to say: a backend that fails at once (unknown model, prompt too long)
            // should reach the client as a plain HTTP error, not as an event in a 200 stream.
            return;
        }
        commit();
        write(renderer.on(event));
        if (event.isTerminal()) {
            finish();
        }
    }

    private void onFailure(Throwable failure) {
        if (finished) {
            return;
        }
        if (!committed) {
            stopTimers();
            finished = true;
            AnthropicResponses.error(ctx, GatewayError.internal("the gateway lost the job: " + failure.getMessage()));
            return;
        }
        write(renderer.error("api_error", "the gateway lost the job: " + failure.getMessage()));
        finish();
    }

    private void commit() {
        if (committed) {
            return;
        }
        committed = true;
        vertx.cancelTimer(startTimer);
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        write(renderer.start());
        long interval = config.pingInterval().toMillis();
        pingTimer = vertx.setPeriodic(interval, ignored -> {
            if (System.currentTimeMillis() - lastWrite >= interval) {
                write(List.of(AnthropicStreamRenderer.ping()));
            }
        });
    }

    private void write(List<SseEvent> events) {
        if (events.isEmpty() || response.closed() || response.ended()) {
            return;
        }
        StringBuilder chunk = new StringBuilder();
        for (SseEvent event : events) {
            chunk.append(event.wire());
        }
        lastWrite = System.currentTimeMillis();
        response.write(chunk.toString());
    }

    private void finish() {
        finished = true;
        stopTimers();
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    private void stopTimers() {
        vertx.cancelTimer(startTimer);
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
    }

    private void onClientGone() {
        if (finished) {
            return;
        }
        finished = true;
        stopTimers();
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
