package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.completion.AnswerBuilder;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.routing.PoolLoad;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs jobs through the pipeline: listens for a job's events before publishing it, gives up with
 * overloaded when no worker starts it within the queue wait, and cancels it when the caller stops
 * listening before it ended.
 */
@ApplicationScoped
public class Generations {

    private static final Logger LOG = Logger.getLogger(Generations.class);
    /** Long enough that a worker still holding the job in Kafka sees the cancel when it gets to it. */
    private static final Duration CANCEL_MARK_TTL = Duration.ofHours(1);

    private final ReplyChannel replies;
    private final JobPublisher publisher;
    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final PoolLoad load;
    private final CompletionRecorder recorder;
    private final WorkerWatch workers;

    public Generations(ReplyChannel replies, JobPublisher publisher, ReactiveRedisDataSource redis,
                       GatewayConfig config, Vertx vertx, PoolLoad load, CompletionRecorder recorder, WorkerWatch workers) {
        this.replies = replies;
        this.publisher = publisher;
        this.redis = redis;
        this.config = config;
        this.vertx = vertx;
        this.load = load;
        this.recorder = recorder;
        this.workers = workers;
    }

    /**
     * The job's events in order, ending after its {@code Done} or {@code Error}. Cancelling the
     * subscription before that cancels the job.
     */
    public Multi<StreamEvent> submit(GenerationJob job) {
        return Multi.createFrom().emitter(emitter -> new Submission(job, emitter).begin());
    }

    /**
     * Cancels a job whichever gateway it came through: marks it cancelled, and tells the worker that
     * claimed it, if one did. Answers whether a worker had started it.
     */
    public Uni<Boolean> cancelAnywhere(String jobId) {
        return redis.value(String.class).setex(RedisKeys.cancelledJob(jobId), CANCEL_MARK_TTL.toSeconds(), "1")
                .chain(() -> redis.value(String.class).get(RedisKeys.takenJob(jobId)))
                .call(workerId -> workerId == null ? Uni.createFrom().voidItem()
                        : redis.pubsub(String.class).publish(RedisKeys.controlChannel(workerId), jobId).replaceWithVoid())
                .map(workerId -> workerId != null);
    }

    /** Marks the job cancelled (a worker that has not started it never will) and tells the worker running it. */
    public void cancel(String jobId, String workerId) {
        redis.value(String.class).setex(RedisKeys.cancelledJob(jobId), CANCEL_MARK_TTL.toSeconds(), "1")
                .subscribe().with(ignored -> { }, failure -> LOG.warnf("could not mark job %s cancelled: %s", jobId, failure.getMessage()));
        if (workerId != null) {
            redis.pubsub(String.class).publish(RedisKeys.controlChannel(workerId), jobId)
                    .subscribe().with(ignored -> { }, failure -> LOG.warnf("could not cancel job %s on %s: %s", jobId, workerId, failure.getMessage()));
        }
    }

    /**
     * One job, from publishing to its last event. A worker that dies in the middle of the answer
     * sends nothing more: the job ends with an interrupted error and is recorded as interrupted with
     * what the client received. One that dies before answering is replaced: the job waits for
     * another worker instead.
     */
    private final class Submission implements WorkerWatch.Watcher {

        private final GenerationJob job;
        private final MultiEmitter<? super StreamEvent> emitter;
        private volatile String workerId;
        private volatile boolean started;
        private volatile boolean ended;
        private long queueTimer = -1;
        private final AnswerBuilder answer = new AnswerBuilder();
        private int pieces;
        private long queueWaitMs;
        private Instant startedAt;
        private Instant firstPieceAt;

        Submission(GenerationJob job, MultiEmitter<? super StreamEvent> emitter) {
            this.job = job;
            this.emitter = emitter;
        }

        void begin() {
            if (!replies.isSubscribed()) {
                end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                        "the gateway cannot hear from workers: Redis is not available; try again shortly"));
                return;
            }
            load.sent(job.pool());
            replies.register(job.jobId(), this::onEvent);
            emitter.onTermination(this::onTermination);
            queueTimer = vertx.setTimer(config.queueWait().toMillis(), ignored -> onQueueWaitOver());
            publisher.publish(job).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.errorf("job %s could not be published: %s", job.jobId(), failure.getMessage());
                    end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                            "the job queue (Kafka) is not available; try again shortly"));
                }
            });
        }

        private void onEvent(StreamEvent event) {
            if (event instanceof StreamEvent.Started s) {
                started = true;
                workerId = s.workerId();
                queueWaitMs = s.queueWaitMs();
                startedAt = Instant.now();
                vertx.cancelTimer(queueTimer);
                workers.watch(job.jobId(), s.workerId(), this);
            }
            collect(event);
            if (event.isTerminal()) {
                end(event);
            } else {
                emitter.emit(event);
            }
        }

        /** What the client has received so far: recorded if the worker dies before it records the rest. */
        private synchronized void collect(StreamEvent event) {
            switch (event) {
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

        @Override
        public void workerGone() {
            if (relayedNothing()) {
                requeued();
            } else {
                interrupt();
            }
        }

        private synchronized boolean relayedNothing() {
            return pieces == 0;
        }

        /**
         * The worker died before answering: Kafka hands the job to another worker, whose claim
         * takes over once the dead one's lease runs out. The client waits for it, within the job's
         * queue wait, and sees only latency.
         */
        private synchronized void requeued() {
            if (ended || !started) {
                return;
            }
            LOG.warnf("job %s: its worker %s stopped before answering; another worker will run it", job.jobId(), workerId);
            started = false;
            Instant deadline = job.deadline() != null ? job.deadline() : Instant.now().plus(config.queueWait());
            long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            queueTimer = vertx.setTimer(left, ignored -> onQueueWaitOver());
        }

        private void interrupt() {
            String reason = "the worker running the job (" + workerId + ") stopped before finishing; the answer is incomplete";
            List<ContentBlock> partial;
            int relayed;
            synchronized (this) {
                if (ended) {
                    return;
                }
                partial = answer.blocks();
                relayed = pieces;
            }
            LOG.warnf("job %s interrupted: %s", job.jobId(), reason);
            end(new StreamEvent.Error(job.jobId(), 0, ErrorType.INTERRUPTED, reason));
            recorder.interrupted(job, workerId, reason, partial, relayed, queueWaitMs, startedAt, firstPieceAt);
        }

        private void onQueueWaitOver() {
            if (!started && !ended) {
                cancel(job.jobId(), null);
                end(new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED, "no worker of pool '" + job.pool()
                        + "' started the job within " + config.queueWait().toSeconds() + " s; all are busy or none is running"));
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
            load.ended(job.pool());
            workers.unwatch(job.jobId());
            replies.unregister(job.jobId());
            vertx.cancelTimer(queueTimer);
            if (!ended) {
                ended = true;
                LOG.infof("job %s cancelled: its client went away", job.jobId());
                cancel(job.jobId(), workerId);
            }
        }
    }
}
