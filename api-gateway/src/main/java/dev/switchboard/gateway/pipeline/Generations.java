package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.config.ReplayConfig;
import dev.switchboard.gateway.keys.KeyAdmission;
import dev.switchboard.messaging.JobState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import dev.switchboard.gateway.routing.PoolLoad;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where every front submits its jobs: each one becomes a {@link Submission}, which follows it from
 * publishing to its last event with the pieces this class hands it, once its API key admits it
 * ({@link KeyAdmission}; a refusal fails the stream with a {@code GatewayError} before publishing).
 */
@ApplicationScoped
public class Generations {

    private final Submission.Pipeline pipeline;
    private final KeyAdmission admission;

    public Generations(ReplyChannel replies, JobPublisher publisher, Cancels cancels, GatewayConfig config, Vertx vertx,
                       PoolLoad load, CompletionRecorder recorder, WorkerWatch workers, ReactiveRedisDataSource redis,
                       Attachments attachments, ReplayConfig replay, JobCustody custody, KeyAdmission admission) {
        this.pipeline = new Submission.Pipeline(replies, publisher, cancels, workers, recorder, load, vertx, config.queueWait(),
                new JobState(redis), attachments, replay.retention(), custody);
        this.admission = admission;
    }

    /**
     * The job's events in order, ending after its {@code Done} or {@code Error}. Cancelling the
     * subscription before that cancels the job.
     */
    public Multi<StreamEvent> submit(GenerationJob job) {
        return admission.guard(job, ended -> Multi.createFrom().emitter(emitter -> new Submission(job, null, emitter, pipeline, ended)
                .begin()));
    }

    /**
     * A resumable job ({@link GenerationJob#resumable()}): the same events, also kept for clients
     * that re-attach through any gateway; cancelling the subscription only detaches, and the job's
     * key keeps its concurrency slot and has its output tokens counted until the job really ends.
     */
    public Multi<StreamEvent> submit(GenerationJob job, GenerationInfo info) {
        if (!job.resumable()) {
            return submit(job);
        }
        return admission.guard(job, ended -> Multi.createFrom().emitter(emitter -> new Submission(job, info, emitter, pipeline, ended)
                .begin()));
    }
}
