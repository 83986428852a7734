package dev.switchboard.gateway.front;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * One streaming response of any front. Headers wait for the first piece of the
 * answer, so that a job nobody takes, or one the backend refuses at once, still gets a plain HTTP
 * error; if the wait goes on, the stream starts (with keep-alives where the protocol has them).
 * Everything runs on the request's event loop; a client that goes away cancels the job (a
 * resumable one's subscription only detaches). A client re-attaching to a generation gets its
 * stream at once: the refusal, if any, was answered before.
 */
public final class StreamingReply {

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final ReplyFormat format;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final Context context;
    private Cancellable subscription;
    private boolean committed;
    private boolean finished;
    private long startTimer = -1;
    private long keepAliveTimer = -1;
    private long lastWrite;
    private final boolean atOnce;

    public StreamingReply(RoutingContext ctx, ReplyFormat format, GatewayConfig config) {
        this(ctx, format, config, false);
    }

    /** @param atOnce whether the stream starts at once, not at the first piece of the answer */
    public StreamingReply(RoutingContext ctx, ReplyFormat format, GatewayConfig config, boolean atOnce) {
        this.atOnce = atOnce;
        this.ctx = ctx;
        this.response = ctx.response();
        this.format = format;
        this.config = config;
        this.vertx = ctx.vertx();
        this.context = vertx.getOrCreateContext();
    }

    public void run(Multi<StreamEvent> events) {
        response.closeHandler(ignored -> onClientGone());
        if (atOnce) {
            commit();
        } else {
            startTimer = vertx.setTimer(config.streamStartAfter().toMillis(), ignored -> commit());
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
            stopTimers();
            finished = true;
            format.refuse(ctx, error.errorType(), error.message());
            return;
        }
        if (!committed && event instanceof StreamEvent.Started) {
            // Still nothing to say: a backend that fails at once should reach the client as an HTTP error.
            return;
        }
        commit();
        write(format.on(event));
        if (event.isTerminal()) {
            finish();
        }
    }

    private void onFailure(Throwable failure) {
        if (finished) {
            return;
        }
        String message = "the gateway lost the job: " + failure.getMessage();
        if (!committed) {
            stopTimers();
            finished = true;
            if (failure instanceof GatewayError refused) {
                // Refused before the job was published, e.g. by its key's limits.
                Refusals.fail(ctx, refused);
            } else {
                format.refuse(ctx, ErrorType.BACKEND_ERROR, message);
            }
            return;
        }
        write(format.failed(ErrorType.BACKEND_ERROR, message));
        finish();
    }

    private void commit() {
        if (committed || finished) {
            return;
        }
        committed = true;
        vertx.cancelTimer(startTimer);
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", format.streamContentType())
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        write(format.start());
        String keepAlive = format.keepAlive();
        if (keepAlive != null) {
            long interval = config.pingInterval().toMillis();
            keepAliveTimer = vertx.setPeriodic(interval, ignored -> {
                if (System.currentTimeMillis() - lastWrite >= interval) {
                    write(keepAlive);
                }
            });
        }
        if (lastWrite == 0) {
            // Headers go now even when the protocol opens with nothing: the client learns the stream began.
            response.write("");
        }
    }

    private void write(String text) {
        if (text.isEmpty() || response.closed() || response.ended()) {
            return;
        }
        lastWrite = System.currentTimeMillis();
        response.write(text);
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
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
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
