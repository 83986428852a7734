package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.pipeline.EventPosition;
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
 *
 * <p>The stream of a resumable generation gives every event an SSE {@code id:} ({@link EventPosition}:
 * {@code message_start} is {@code 0.0}, the events rendered from canonical event N are N.0, N.1, …);
 * pings have none. A replay for a client that re-attaches starts at once, and leaves out every
 * event up to the one the client already has.
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
    private final boolean withIds;
    private final EventPosition after;
    private final boolean replay;

    /** A stream without ids: what every client that did not ask for a resumable generation gets. */
    StreamingReply(RoutingContext ctx, AnthropicStreamRenderer renderer, GatewayConfig config) {
        this(ctx, renderer, config, false, EventPosition.START, false);
    }

    /**
     * A resumable generation's stream, with ids.
     *
     * @param after  the last event the client has; those up to it are left out
     * @param replay a client re-attaching: the stream starts at once
     */
    StreamingReply(RoutingContext ctx, AnthropicStreamRenderer renderer, GatewayConfig config, EventPosition after,
                   boolean replay) {
        this(ctx, renderer, config, true, after, replay);
    }

    private StreamingReply(RoutingContext ctx, AnthropicStreamRenderer renderer, GatewayConfig config, boolean withIds,
                           EventPosition after, boolean replay) {
        this.withIds = withIds;
        this.after = after;
        this.replay = replay;
        this.ctx = ctx;
        this.response = ctx.response();
        this.renderer = renderer;
        this.config = config;
        this.vertx = ctx.vertx();
        this.context = vertx.getOrCreateContext();
    }

    void run(Multi<StreamEvent> events) {
        response.closeHandler(ignored -> onClientGone());
        if (replay) {
            commit();
        } else {
            startTimer = vertx.setTimer(config.streamStartAfter().toMillis(), ignored -> {
                commit();
                write(List.of(AnthropicStreamRenderer.ping()));
            });
        }
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
        write(renderer.on(event), event.seq());
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
        // message_start belongs to the job's first event, Started (sequence 0).
        write(renderer.start(), 0);
        long interval = config.pingInterval().toMillis();
        pingTimer = vertx.setPeriodic(interval, ignored -> {
            if (System.currentTimeMillis() - lastWrite >= interval) {
                write(List.of(AnthropicStreamRenderer.ping()));
            }
        });
    }

    /** Events without ids: pings, and what the gateway itself ends a stream with. */
    private void write(List<SseEvent> events) {
        write(events, -1);
    }

    /** The events rendered from canonical event {@code seq}; with their ids when this stream has ids. */
    private void write(List<SseEvent> events, long seq) {
        if (events.isEmpty() || response.closed() || response.ended()) {
            return;
        }
        StringBuilder chunk = new StringBuilder();
        for (int k = 0; k < events.size(); k++) {
            if (!withIds || seq < 0) {
                chunk.append(events.get(k).wire());
                continue;
            }
            EventPosition position = new EventPosition(seq, k);
            if (position.isAfter(after)) {
                chunk.append(events.get(k).wire(position.wire()));
            }
        }
        if (chunk.isEmpty()) {
            return;
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

    /** The client went away: the subscription ends, which cancels the job unless it is resumable. */
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
