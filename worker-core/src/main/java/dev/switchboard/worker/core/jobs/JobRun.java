package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.completion.AnswerBuilder;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.publish.JobEvents;
import io.smallrye.mutiny.subscription.Cancellable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One job while it runs: turns backend events into stream events, collects the answer, and ends
 * exactly once — finished, failed or cancelled — with the completion record to publish.
 */
final class JobRun {

    private final GenerationJob job;
    private final String workerId;
    private final JobEvents events;
    private final Clock clock;
    private final AnswerBuilder output = new AnswerBuilder();
    private final StopSequenceFilter stops;
    private final CompletableFuture<Completion> ended = new CompletableFuture<>();
    private Instant startedAt;
    private Instant firstTokenAt;
    private Cancellable subscription;
    private int pieces;
    private boolean over;

    JobRun(GenerationJob job, String workerId, JobEvents events, Clock clock) {
        this.job = job;
        this.workerId = workerId;
        this.events = events;
        this.clock = clock;
        this.stops = new StopSequenceFilter(job.request().sampling().stopSequences());
    }

    GenerationJob job() {
        return job;
    }

    /** Completes with the completion record once the job is over; never fails. */
    CompletableFuture<Completion> ended() {
        return ended;
    }

    synchronized void start() {
        startedAt = clock.instant();
        events.started(workerId, queueWait().toMillis());
    }

    synchronized void attach(Cancellable subscription) {
        this.subscription = subscription;
        if (over) {
            subscription.cancel();
        }
    }

    synchronized void on(BackendEvent event) {
        if (over) {
            return;
        }
        switch (event) {
            case BackendEvent.Text text -> {
                if (text.text().isEmpty()) {
                    return;
                }
                firstToken();
                pieces++;
                StopSequenceFilter.Result result = stops.accept(text.text());
                emitText(result.text());
                if (result.matched() != null) {
                    stopAt(result.matched());
                }
            }
            case BackendEvent.Thinking thinking -> {
                if (thinking.text().isEmpty()) {
                    return;
                }
                firstToken();
                pieces++;
                output.thinking(thinking.text());
                events.thinking(thinking.text());
            }
            case BackendEvent.ToolCall call -> {
                firstToken();
                emitText(stops.flush());
                String id = Ids.toolUse();
                output.toolUse(new ContentBlock.ToolUse(id, call.name(), call.input()));
                events.toolCall(id, call.name(), call.input());
            }
            case BackendEvent.Finished finished -> finish(finished);
        }
    }

    synchronized void onFailure(Throwable failure) {
        if (failure instanceof BackendException backend) {
            fail(backend.type(), backend.getMessage(), CompletionStatus.ERROR);
        } else {
            fail(ErrorType.BACKEND_ERROR, "the backend failed: " + failure.getMessage(), CompletionStatus.ERROR);
        }
    }

    synchronized void onStreamEnd() {
        if (!over) {
            fail(ErrorType.BACKEND_ERROR, "the backend's stream ended before it said it was done", CompletionStatus.ERROR);
        }
    }

    /** Stops the generation: the backend connection is closed and the partial answer recorded. */
    synchronized void cancel(String reason) {
        if (over) {
            return;
        }
        fail(ErrorType.CANCELLED, reason, CompletionStatus.CANCELLED);
    }

    private void firstToken() {
        if (firstTokenAt == null) {
            firstTokenAt = clock.instant();
        }
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            output.text(text);
            events.text(text);
        }
    }

    /**
     * A stop sequence completed: the answer ends here, and the backend is stopped. Its usage
     * report would come only at the end of its stream, so the counts are estimated.
     */
    private void stopAt(String stopSequence) {
        if (subscription != null) {
            subscription.cancel();
        }
        over = true;
        Usage usage = new Usage(PromptSize.estimateTokens(job.request()), 0, pieces);
        Timings timings = timings();
        events.done(StopReason.STOP_SEQUENCE, stopSequence, usage, timings);
        ended.complete(Completion.finished(job, workerId, StopReason.STOP_SEQUENCE, stopSequence, usage, timings, clock.instant(),
                output.blocks()));
    }

    private void finish(BackendEvent.Finished finished) {
        emitText(stops.flush());
        StopReason stopReason = output.calledTools() && finished.stopReason() == StopReason.END_TURN
                ? StopReason.TOOL_USE
                : finished.stopReason();
        Usage usage = new Usage(finished.inputTokens(), finished.cachedInputTokens(), finished.outputTokens());
        Timings timings = timings();
        over = true;
        events.done(stopReason, finished.stopSequence(), usage, timings);
        ended.complete(Completion.finished(job, workerId, stopReason, finished.stopSequence(), usage, timings, clock.instant(),
                output.blocks()));
    }

    private void fail(ErrorType type, String message, CompletionStatus status) {
        over = true;
        if (subscription != null) {
            subscription.cancel();
        }
        Timings timings = timings();
        events.error(type, message);
        // The backend reports usage only at the end; what streamed so far is about one token a piece.
        Usage partial = new Usage(0, 0, pieces);
        ended.complete(Completion.ended(job, workerId, status, new CompletionError(type, message), partial, timings, clock.instant(),
                output.blocks()));
    }

    private Duration queueWait() {
        Instant start = startedAt != null ? startedAt : clock.instant();
        return job.createdAt() == null ? Duration.ZERO : Duration.between(job.createdAt(), start).abs();
    }

    private Timings timings() {
        Instant now = clock.instant();
        Instant start = startedAt != null ? startedAt : now;
        Long ttft = firstTokenAt == null ? null : Duration.between(start, firstTokenAt).toMillis();
        return new Timings(queueWait().toMillis(), ttft, Duration.between(start, now).toMillis());
    }

}
