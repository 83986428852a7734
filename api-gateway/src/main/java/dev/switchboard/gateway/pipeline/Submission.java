package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.routing.PoolLoad;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * One job, from publishing to its last event: it listens for the job's events before publishing
 * it, gives up with overloaded when no worker starts it within the queue wait, and cancels it when
 * its client stops listening before it ended. A worker that dies in the middle of the answer sends
 * nothing more: the job ends with an interrupted error and is recorded as interrupted with what the
 * client received. One that dies before answering is replaced: the job waits for another worker.
 *
 * <p>Invariant: the client gets exactly one terminal event, and nothing after it.
 */
final class Submission implements WorkerWatch.Watcher {

    /** What every submission uses, each piece with its one job. */
    record Pipeline(ReplyChannel replies, JobPublisher publisher, Cancels cancels, WorkerWatch workers,
                    CompletionRecorder recorder, PoolLoad load, Vertx vertx, Duration queueWait) {
    }

    private static final Logger LOG = Logger.getLogger(Submission.class);

    private final GenerationJob job;
    private final MultiEmitter<? super StreamEvent> emitter;
    private final Pipeline pipeline;
    private final ReceivedAnswer received = new ReceivedAnswer();
    private volatile boolean started;
    private volatile boolean ended;
    private long queueTimer = -1;

    Submission(GenerationJob job, MultiEmitter<? super StreamEvent> emitter, Pipeline pipeline) {
        this.job = job;
        this.emitter = emitter;
        this.pipeline = pipeline;
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
        pipeline.publisher().publish(job).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.errorf("job %s could not be published: %s", job.jobId(), failure.getMessage());
                end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                        "the job queue (Kafka) is not available; try again shortly"));
            }
        });
    }

    private void onEvent(StreamEvent event) {
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
        end(new StreamEvent.Error(job.jobId(), 0, ErrorType.INTERRUPTED, reason));
        pipeline.recorder().interrupted(job, received, reason);
    }

    private void onQueueWaitOver() {
        if (!started && !ended) {
            pipeline.cancels().cancelQuietly(job.jobId());
            end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED, "no worker of pool '" + job.pool()
                    + "' started the job within " + pipeline.queueWait().toSeconds() + " s; all are busy or none is running"));
        }
    }

    private synchronized void end(StreamEvent terminal) {
        if (ended) {
            return;
        }
        ended = true;
        emitter.emit(terminal);
        emitter.complete();
    }

    private void onTermination() {
        pipeline.load().ended(job.pool());
        pipeline.workers().unwatch(job.jobId());
        pipeline.replies().unregister(job.jobId());
        pipeline.vertx().cancelTimer(queueTimer);
        if (!ended) {
            ended = true;
            LOG.infof("job %s cancelled: its client went away", job.jobId());
            pipeline.cancels().cancelQuietly(job.jobId());
        }
    }
}
