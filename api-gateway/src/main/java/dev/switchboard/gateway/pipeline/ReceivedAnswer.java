package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.completion.AnswerBuilder;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a job's client has received so far, and when: kept so that a job whose worker dies in the
 * middle can still be recorded with the part of the answer its client got. Thread-safe.
 */
final class ReceivedAnswer {

    private final AnswerBuilder answer = new AnswerBuilder();
    private String workerId;
    private long queueWaitMs;
    private Instant startedAt;
    private Instant firstPieceAt;
    private int pieces;

    synchronized void add(StreamEvent event) {
        switch (event) {
            case StreamEvent.Started started -> {
                workerId = started.workerId();
                queueWaitMs = started.queueWaitMs();
                startedAt = Instant.now();
                return;
            }
            case StreamEvent.TextDelta delta -> answer.text(delta.text());
            case StreamEvent.ThinkingDelta delta -> answer.thinking(delta.text());
            case StreamEvent.ToolCall call -> answer.toolUse(new ContentBlock.ToolUse(call.id(), call.name(), call.input()));
            default -> {
                return;
            }
        }
        pieces++;
        if (firstPieceAt == null) {
            firstPieceAt = Instant.now();
        }
    }

    /** The worker that started the job last, or null before one did. */
    synchronized String workerId() {
        return workerId;
    }

    /** Whether no piece of the answer reached the client yet. */
    synchronized boolean nothing() {
        return pieces == 0;
    }

    /** The pieces received, each about one token. */
    synchronized int pieces() {
        return pieces;
    }

    synchronized List<ContentBlock> blocks() {
        return answer.blocks();
    }

    /** The job's timings until {@code now}, measured from its start here. */
    synchronized Timings timingsUntil(Instant now) {
        Instant start = startedAt != null ? startedAt : now;
        return new Timings(queueWaitMs, firstPieceAt == null ? null : Duration.between(start, firstPieceAt).toMillis(),
                Duration.between(start, now).toMillis());
    }
}
