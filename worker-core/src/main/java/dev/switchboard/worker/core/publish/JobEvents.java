package dev.switchboard.worker.core.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;

/** The events of one job, numbered from 0 without gaps, published in order. */
public final class JobEvents {

    private final String jobId;
    private final OrderedPublisher publisher;
    private long nextSeq;
    private boolean answered;

    JobEvents(String jobId, OrderedPublisher publisher) {
        this.jobId = jobId;
        this.publisher = publisher;
    }

    public synchronized void started(String workerId, long queueWaitMs) {
        publisher.publish(new StreamEvent.Started(jobId, nextSeq++, workerId, queueWaitMs));
    }

    public synchronized void text(String text) {
        answering();
        publisher.publish(new StreamEvent.TextDelta(jobId, nextSeq++, text));
    }

    public synchronized void thinking(String text) {
        answering();
        publisher.publish(new StreamEvent.ThinkingDelta(jobId, nextSeq++, text));
    }

    public synchronized void toolCall(String id, String name, ObjectNode input) {
        answering();
        publisher.publish(new StreamEvent.ToolCall(jobId, nextSeq++, id, name, input));
    }

    public synchronized void done(StopReason stopReason, String stopSequence, Usage usage, Timings timings) {
        publisher.publish(new StreamEvent.Done(jobId, nextSeq++, stopReason, stopSequence, usage, timings));
    }

    /** Before the first piece of answer: the job may no longer be run again by another worker. */
    private void answering() {
        if (!answered) {
            answered = true;
            publisher.mark(RedisKeys.streamedJob(jobId));
        }
    }

    public synchronized void error(ErrorType type, String message) {
        publisher.publish(new StreamEvent.Error(jobId, nextSeq++, type, message));
    }
}
