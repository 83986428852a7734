package dev.switchboard.worker.core.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.JobState;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.time.Duration;

/**
 * The events of one job, numbered from 0 without gaps, published to its reply channel in order: the
 * methods are synchronized, and the pipe keeps the order in which it is given commands. A resumable
 * job's events are also appended to its events stream, each just before it is published, in the
 * same pipelined write; the stream is kept {@code retention} after the last event, and while the
 * job runs its claim renewals keep it (see {@code JobState}). Other jobs pay nothing for this.
 */
public final class JobEvents {

    /** Where a resumable job's events are kept: the cap fits a whole answer. */
    record Replay(long cap, Duration whileRunning, Duration retention) {
    }

    private final String jobId;
    private final String channel;
    private final EventPipe pipe;
    private final Replay replay;
    private long nextSeq;
    private boolean answered;

    JobEvents(String jobId, String channel, EventPipe pipe, Replay replay) {
        this.jobId = jobId;
        this.channel = channel;
        this.pipe = pipe;
        this.replay = replay;
    }

    public synchronized void started(String workerId, long queueWaitMs) {
        publish(new StreamEvent.Started(jobId, nextSeq++, workerId, queueWaitMs));
    }

    public synchronized void text(String text) {
        answering();
        publish(new StreamEvent.TextDelta(jobId, nextSeq++, text));
    }

    public synchronized void thinking(String text) {
        answering();
        publish(new StreamEvent.ThinkingDelta(jobId, nextSeq++, text));
    }

    public synchronized void toolCall(String id, String name, ObjectNode input) {
        answering();
        publish(new StreamEvent.ToolCall(jobId, nextSeq++, id, name, input));
    }

    public synchronized void done(StopReason stopReason, String stopSequence, Usage usage, Timings timings) {
        publish(new StreamEvent.Done(jobId, nextSeq++, stopReason, stopSequence, usage, timings));
    }

    /** Before the first piece of answer: the job may no longer be run again by another worker. */
    private void answering() {
        if (!answered) {
            answered = true;
            pipe.send(JobState.markStreamed(jobId));
        }
    }

    private void publish(StreamEvent event) {
        byte[] json = Codec.EVENT.encode(event);
        if (replay != null) {
            pipe.send(JobState.appendEvent(jobId, json, replay.cap()));
            if (event.isTerminal() || event.seq() == 0) {
                pipe.send(JobState.keepEvents(jobId, event.isTerminal() ? replay.retention() : replay.whileRunning()));
            }
        }
        pipe.send(Request.cmd(Command.PUBLISH).arg(channel).arg(json));
    }

    public synchronized void error(ErrorType type, String message) {
        publish(new StreamEvent.Error(jobId, nextSeq++, type, message));
    }
}
