package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.messaging.JobState;
import dev.switchboard.messaging.Presence;
import dev.switchboard.worker.core.config.ReplayConfig;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.config.WorkerIdentity;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * This worker's claims on the jobs it runs ({@link JobState}). A claim is a lease: it lasts the
 * status lifetime and is renewed every status interval while the job runs, so the claim of a
 * worker that died runs out within seconds and the job, redelivered by Kafka, can run elsewhere.
 */
@ApplicationScoped
public class Claims {

    /** What one look at a job held by somebody else found: its state, and whether its holder lives. */
    public record Look(JobState.Seen seen, boolean ownerAlive) {
    }

    private static final Logger LOG = Logger.getLogger(Claims.class);

    private final JobState state;
    private final ReactiveRedisDataSource redis;
    private final RunningJobs running;
    private final Vertx vertx;
    private final String me;
    private final Duration lease;
    private final Duration renewEvery;
    private final ReplayConfig replay;
    private long timer = -1;

    public Claims(ReactiveRedisDataSource redis, RunningJobs running, Vertx vertx, WorkerIdentity identity,
                  WorkerConfig config, ReplayConfig replay) {
        this.state = new JobState(redis);
        this.redis = redis;
        this.running = running;
        this.vertx = vertx;
        this.me = identity.id();
        this.lease = config.statusTtl();
        this.renewEvery = config.statusInterval();
        this.replay = replay;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(renewEvery.toMillis(), ignored -> renew());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** How long a claim lasts unless renewed. */
    public Duration lease() {
        return lease;
    }

    /** Claims the job unless it was cancelled or another worker (or an earlier delivery) holds it; one round trip. */
    public Uni<JobState.ClaimAttempt> claim(String jobId) {
        return state.claim(jobId, me, lease);
    }

    /** The job's state, and whether its holder is alive when that matters. */
    public Uni<Look> look(String jobId) {
        return state.look(jobId).chain(seen -> ClaimDecision.asksLiveness(seen, me)
                ? isAlive(seen.owner()).map(alive -> new Look(seen, alive))
                : Uni.createFrom().item(new Look(seen, false)));
    }

    /** Moves the claim from {@code owner} to this worker, if {@code owner} still holds it. */
    public Uni<Boolean> takeOver(String jobId, String owner) {
        return state.takeOver(jobId, owner, me, lease);
    }

    /** Marks this worker's claim finished; never fails. */
    public Uni<Void> finished(String jobId) {
        return state.finish(jobId, me)
                .onFailure().invoke(failure -> LOG.warnf("could not mark job %s's claim finished: %s", jobId, failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** How many times clients re-attached to a resumable job, for its completion record. */
    public Uni<Integer> reattachments(String jobId) {
        return state.reattachments(jobId);
    }

    /**
     * Whether {@code workerId} is alive: its control channel still has a subscriber (the connection
     * closes when its process dies), or, while Redis has just forgotten every subscriber, its status
     * key is still there.
     */
    private Uni<Boolean> isAlive(String workerId) {
        String channel = RedisKeys.controlChannel(workerId);
        return Presence.of(redis, RedisKeys.controlChannel(me), List.of(channel))
                .chain(presence -> presence.trustworthy() ? Uni.createFrom().item(presence.present(channel))
                        : redis.key(String.class).exists(RedisKeys.workerStatus(workerId)));
    }

    private void renew() {
        List<String> jobs = running.all().stream().map(run -> run.job().jobId()).toList();
        state.renew(jobs, me, lease, replay.retention().plus(lease)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("could not renew the claims of %d running jobs: %s", jobs.size(), failure.getMessage()));
    }
}
