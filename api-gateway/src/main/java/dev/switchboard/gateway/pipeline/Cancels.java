package dev.switchboard.gateway.pipeline;

import dev.switchboard.messaging.JobState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Cancels jobs, whichever gateway they came through: the job is marked cancelled (a worker that has
 * not started it never will) and the worker holding its claim is told, in one step in Redis.
 */
@ApplicationScoped
public class Cancels {

    private static final Logger LOG = Logger.getLogger(Cancels.class);

    private final JobState state;

    public Cancels(ReactiveRedisDataSource redis) {
        this.state = new JobState(redis);
    }

    /** Cancels the job; answers whether a worker had taken it. */
    public Uni<Boolean> cancel(String jobId) {
        return state.cancel(jobId).map(worker -> worker != null);
    }

    /** Cancels the job without waiting; a failure is only logged, as nobody waits for the answer. */
    void cancelQuietly(String jobId) {
        state.cancel(jobId).subscribe().with(ignored -> { },
                failure -> LOG.warnf("could not cancel job %s: %s", jobId, failure.getMessage()));
    }
}
