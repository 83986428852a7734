package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.JobState;
import dev.switchboard.gateway.routing.PoolLoad;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntConsumer;

/**
 * One job, from publishing to its last event: it listens for the job's events before publishing
 * it, gives up with overloaded when no worker starts it within the queue wait, and cancels it when
 * its client stops listening before it ended. A worker that dies in the middle of the answer sends
 * nothing more: the job ends with an interrupted error and is recorded as interrupted with what the
 * client received. One that dies before answering is replaced: the job waits for another worker.
 *
 * <p>A resumable job (with its {@link GenerationInfo}) is described in its events stream before it
 * is published, its client is counted as attached while it listens, and it runs on when that client
 * goes away. This gateway still follows it to its end then, so that a worker dying in the middle is
 * recorded as interrupted even when nobody is attached; the errors this class ends it with are
 * appended to its events, so that clients re-attached elsewhere end with them too.
 *
 * <p>Invariants: the client gets exactly one terminal event, and nothing after it; the job's
 * listener, worker watch and pool load are released once, when both the job and its client ended;
 * whoever asked is told once that the job is over here, with its output tokens: at its terminal
 * event, or when it is cancelled because its client went away.
 */
final class Submission implements WorkerWatch.Watcher {

    /** What every submission uses, each piece with its one job. */
    record Pipeline(ReplyChannel replies, JobPublisher publisher, Cancels cancels, WorkerWatch workers,
                    CompletionRecorder recorder, PoolLoad load, Vertx vertx, Duration queueWait,
                    JobState state, Attachments attachments, Duration retention, JobCustody custody) {
    }

    private static final Logger LOG = Logger.getLogger(Submission.class);

    private final GenerationJob job;
    private final GenerationInfo info;
    private final MultiEmitter<? super StreamEvent> emitter;
    private final Pipeline pipeline;
    private final IntConsumer onEnd;
    private final ReceivedAnswer received = new ReceivedAnswer();
    private volatile boolean started;
    private volatile boolean ended;
    private volatile long lastSeq = -1;
    private long queueTimer = -1;
    private boolean clientGone;
    private boolean released;

    /**
     * @param info  what re-attaching clients need, for a resumable job; null for others
     * @param onEnd told once when the job is over here, with the output tokens it produced: those its
     *              {@code Done} counts, or else (an error, a cancellation) the pieces of answer received
     */
    Submission(GenerationJob job, GenerationInfo info, MultiEmitter<? super StreamEvent> emitter, Pipeline pipeline,
               IntConsumer onEnd) {
        this.job = job;
        this.info = info;
        this.emitter = emitter;
        this.pipeline = pipeline;
        this.onEnd = onEnd;
    }

    void begin() {
        if (!pipeline.replies().isSubscribed()) {
            end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                    "the gateway cannot hear from workers: Redis is not available; try again shortly"));
            return;
        }
        pipeline.load().sent(job.pool());
        pipeline.replies().register(job.jobId(), this::onEvent);
        emitter.onTermination(this::onTermination);
        queueTimer = pipeline.vertx().setTimer(pipeline.queueWait().toMillis(), ignored -> onQueueWaitOver());
        if (info == null) {
            publish();
            return;
        }
        pipeline.attachments().attach(job.jobId());
        Uni.combine().all().unis(
                        pipeline.state().openEvents(job.jobId(), job.conversationId(), info.toJson(),
                                JobState.eventsCap(job.request().sampling().maxTokens()), pipeline.queueWait().plus(pipeline.retention())),
                        pipeline.custody().hold(job))
                .discardItems()
                .subscribe().with(ignored -> publish(), failure -> {
                    LOG.errorf("job %s could not be made resumable: %s", job.jobId(), failure.getMessage());
                    end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                            "the gateway cannot keep the answer: Redis is not available; try again shortly"));
                });
    }

    private void publish() {
        pipeline.publisher().publish(job).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf("job %s could not be published: %s", job.jobId(), failure.getMessage());
                endHere(ErrorType.OVERLOADED, "the job queue (Kafka) is not available; try again shortly");
            }
        });
    }

    private void onEvent(StreamEvent event) {
        lastSeq = Math.max(lastSeq, event.seq());
        received.add(event);
        if (event instanceof StreamEvent.Started s) {
            started = true;
            pipeline.vertx().cancelTimer(queueTimer);
            pipeline.workers().watch(job.jobId(), s.workerId(), this);
        }
        if (event.isTerminal()) {
            end(event);
        } else {
            emitter.emit(event);
        }
    }

    @Override
    public void workerGone() {
        if (received.nothing()) {
            requeued();
        } else {
            interrupt();
        }
    }

    /**
     * The worker died before answering: Kafka hands the job to another worker, whose claim takes
     * over once the dead one's lease runs out. The client waits for it, within the job's queue
     * wait, and sees only latency.
     */
    private synchronized void requeued() {
        if (ended || !started) {
            return;
        }
        LOG.warnf("job %s: its worker %s stopped before answering; another worker will run it", job.jobId(),
                received.workerId());
        started = false;
        Instant deadline = job.deadline() != null ? job.deadline() : Instant.now().plus(pipeline.queueWait());
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        queueTimer = pipeline.vertx().setTimer(left, ignored -> onQueueWaitOver());
    }

    private void interrupt() {
        String reason = "the worker running the job (" + received.workerId() + ") stopped before finishing; the answer is incomplete";
        synchronized (this) {
            if (ended) {
                return;
            }
        }
        LOG.warnf("job %s interrupted: %s", job.jobId(), reason);
        endHere(ErrorType.INTERRUPTED, reason);
        pipeline.recorder().interrupted(job, received, reason);
    }

    private void onQueueWaitOver() {
        if (!started && !ended) {
            pipeline.cancels().cancelQuietly(job.jobId());
            endHere(ErrorType.OVERLOADED, "no worker of pool '" + job.pool() + "' started the job within "
                    + pipeline.queueWait().toSeconds() + " s; all are busy or none is running");
        }
    }

    /**
     * Ends the job with an error of the gateway's own, numbered after the last event heard; a
     * resumable job's events end with it too.
     */
    private void endHere(ErrorType type, String message) {
        StreamEvent.Error error = new StreamEvent.Error(job.jobId(), lastSeq + 1, type, message);
        if (info != null && !ended) {
            pipeline.state().appendEvent(job.jobId(), Codec.EVENT.encodeToString(error)).subscribe().with(ignored -> { },
                    failure -> LOG.warnf("job %s: its end was not kept for re-attaching clients: %s", job.jobId(),
                            failure.getMessage()));
        }
        end(error);
    }

    private void end(StreamEvent terminal) {
        boolean release;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            emitter.emit(terminal);
            emitter.complete();
            release = clientGone;
        }
        onEnd.accept(terminal instanceof StreamEvent.Done done && done.usage() != null
                ? done.usage().outputTokens() : received.pieces());
        if (release) {
            // The client had gone before (a resumable job followed on): nothing else releases it.
            release();
        }
    }

    /** The client's subscription ended: after the job's terminal event, or because the client went away. */
    private void onTermination() {
        boolean jobEnded;
        synchronized (this) {
            clientGone = true;
            jobEnded = ended;
            if (!jobEnded && info == null) {
                ended = true;
            }
        }
        if (info != null) {
            pipeline.attachments().detach(job.jobId());
            if (!jobEnded) {
                // Followed on to its end here, without a client: a worker dying still gets it recorded.
                LOG.infof("job %s: its client went away; the generation runs on for clients that re-attach", job.jobId());
                return;
            }
        }
        release();
        if (!jobEnded && info == null) {
            LOG.infof("job %s cancelled: its client went away", job.jobId());
            pipeline.cancels().cancelQuietly(job.jobId());
            onEnd.accept(received.pieces());
        }
    }

    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        pipeline.load().ended(job.pool());
        pipeline.workers().unwatch(job.jobId());
        pipeline.replies().unregister(job.jobId());
        pipeline.vertx().cancelTimer(queueTimer);
        if (info != null) {
            pipeline.custody().letGo(job.jobId());
        }
    }
}
