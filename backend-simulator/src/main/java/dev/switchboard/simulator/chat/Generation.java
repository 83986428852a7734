package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.http.JsonReplies;
import dev.switchboard.simulator.http.RequestIds;
import dev.switchboard.simulator.script.Failure;
import dev.switchboard.simulator.script.Piece;
import dev.switchboard.simulator.script.ReplyPlan;
import dev.switchboard.simulator.stats.SimulatorStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends one planned reply at its pace, on the request's event loop: one Vert.x timer at a time,
 * never a blocked thread. When the client goes away the timer is cancelled at once and the
 * disconnect recorded. All methods run on the same event loop, so the state needs no locking.
 */
final class Generation {

    private enum State { RUNNING, STALLED, DONE }

    private final RoutingContext rc;
    private final Vertx vertx;
    private final HttpServerResponse response;
    private Future<Void> lastWrite = Future.succeededFuture();
    private static final long DROP_DELAY_MS = 50;
    private final ChatFormat format;
    private final ReplyPlan plan;
    private final Pacing pacing;
    private final Optional<Failure.MidStream> failure;
    private final boolean stream;
    private final Usage promptUsage;
    private final SimulatorStats.RequestHandle handle;
    private final long[] dueOffsets;
    private final List<Piece> sent = new ArrayList<>();

    private State state = State.RUNNING;
    private int next;
    private int tokensSent;
    private long timerId = -1;
    private long startNanos;
    private long firstTokenNanos;
    private long lastTokenNanos;

    /** Delay before the first token and between tokens, in nanoseconds. */
    record Pacing(long ttftNanos, long intervalNanos) {
    }

    Generation(RoutingContext rc, ChatFormat format, ReplyPlan plan, Pacing pacing,
            Optional<Failure.MidStream> failure, boolean stream, Usage promptUsage, SimulatorStats.RequestHandle handle) {
        this.rc = rc;
        this.vertx = rc.vertx();
        this.response = rc.response();
        this.format = format;
        this.plan = plan;
        this.pacing = pacing;
        this.failure = failure;
        this.stream = stream;
        this.promptUsage = promptUsage;
        this.handle = handle;
        this.dueOffsets = dueOffsets(plan.pieces(), pacing);
    }

    void start() {
        startNanos = System.nanoTime();
        handle.generationStarted();
        response.closeHandler(v -> clientGone());
        response.exceptionHandler(e -> clientGone());
        if (stream) {
            response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, format.streamContentType());
            if (format.headersBeforeFirstToken()) {
                response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                response.write(""); // sends the headers now, as mlx_lm.server does
            }
        }
        tick();
    }

    private void tick() {
        timerId = -1;
        if (state != State.RUNNING) {
            return;
        }
        long now = System.nanoTime();
        while (state == State.RUNNING) {
            long due = startNanos + dueOffset(next);
            if (due > now) {
                long delayMs = Math.max(1, (due - now + 999_999) / 1_000_000);
                timerId = vertx.setTimer(delayMs, id -> tick());
                return;
            }
            boolean allSent = next == plan.pieces().size();
            if (failure.isPresent() && (allSent || tokensSent >= failure.get().afterTokens())) {
                fail(failure.get());
                return;
            }
            if (allSent) {
                finish();
                return;
            }
            emit(plan.pieces().get(next++));
            if (stream && response.writeQueueFull()) {
                response.drainHandler(v -> tick());
                return;
            }
        }
    }

    /** Offset from the start at which piece {@code i} is due; past the last piece, the end is due at once (or after ttft when there is no piece). */
    private long dueOffset(int i) {
        if (i < dueOffsets.length) {
            return dueOffsets[i];
        }
        return dueOffsets.length == 0 ? pacing.ttftNanos() : dueOffsets[dueOffsets.length - 1];
    }

    private void emit(Piece piece) {
        if (stream) {
            format.streamPiece(piece).forEach(chunk -> lastWrite = response.write(chunk));
        }
        sent.add(piece);
        tokensSent += piece.tokens();
        lastTokenNanos = System.nanoTime();
        if (firstTokenNanos == 0) {
            firstTokenNanos = lastTokenNanos;
        }
        handle.tokens(piece.tokens());
    }

    private void finish() {
        state = State.DONE;
        Completion completion = completion();
        if (stream) {
            format.streamEnd(completion).forEach(response::write);
            response.end();
        } else {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JsonReplies.JSON)
                    .end(format.whole(sent, completion));
        }
        handle.completed();
    }

    private void fail(Failure.MidStream f) {
        switch (f) {
            case Failure.Drop d -> {
                state = State.DONE;
                handle.dropped();
                // Close once what was sent is on the wire, and a moment later, as a backend that dies
                // mid-answer does: the client reads the tokens, then sees the cut.
                lastWrite.onComplete(ignored -> vertx.setTimer(DROP_DELAY_MS, t -> rc.request().connection().close()));
            }
            case Failure.Stall s -> {
                state = State.STALLED;
                handle.stalled();
            }
            case Failure.StreamError e -> {
                state = State.DONE;
                handle.streamError();
                String message = "simulated error after " + tokensSent + " tokens";
                if (stream) {
                    format.streamError(message).forEach(response::write);
                    response.end();
                } else {
                    response.setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, JsonReplies.JSON)
                            .end(format.errorBody(500, message, "simulated_failure"));
                }
            }
        }
    }

    private void clientGone() {
        if (state == State.DONE) {
            return;
        }
        boolean stalled = state == State.STALLED;
        state = State.DONE;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        handle.disconnected(tokensSent, lastTokenNanos, stalled);
    }

    private Completion completion() {
        long now = System.nanoTime();
        long arrival = RequestIds.arrivalNanos(rc);
        long first = firstTokenNanos == 0 ? now : firstTokenNanos;
        long last = lastTokenNanos == 0 ? now : lastTokenNanos;
        Timings timings = new Timings(Math.max(1, now - arrival), Math.max(1, startNanos - arrival),
                Math.max(1, first - startNanos), Math.max(1, last - first));
        Usage usage = new Usage(promptUsage.promptTokens(), promptUsage.cachedTokens(), plan.completionTokens());
        return new Completion(plan.finish(), usage, timings);
    }

    /** When each piece is due, from the start: the first token after ttft, then one token per interval. */
    private static long[] dueOffsets(List<Piece> pieces, Pacing pacing) {
        long[] due = new long[pieces.size()];
        long tokens = 0;
        for (int i = 0; i < pieces.size(); i++) {
            tokens += pieces.get(i).tokens();
            due[i] = pacing.ttftNanos() + (tokens - 1) * pacing.intervalNanos();
        }
        return due;
    }
}
