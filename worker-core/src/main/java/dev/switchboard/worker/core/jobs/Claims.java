package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.messaging.Presence;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Which worker runs a job: its claim in Redis, {@code switchboard:job:<id>:taken}. A claim is a
 * lease: it lasts the status lifetime and the worker renews the claims of the jobs it runs every
 * status interval, so the claim of a worker that died runs out within seconds and the job,
 * redelivered by Kafka, can run elsewhere. A finished job's claim says so, for hours, so that a
 * redelivery after its end never runs it again.
 */
@ApplicationScoped
public class Claims {

    /** What a claim attempt found. */
    public enum Outcome { CLAIMED, CANCELLED, TAKEN }

    /**
     * Who holds a job's claim now: {@code owner} is null when nobody does; {@code finished} when the
     * job ended; {@code answered} when part of its answer went out, so that it must not run again.
     */
    public record Holder(String owner, boolean finished, boolean answered) {
    }

    private static final Logger LOG = Logger.getLogger(Claims.class);
    /** What a finished job's claim holds before the worker's id. */
    private static final String DONE = "done:";
    private static final Duration DONE_TTL = Duration.ofHours(6);
    private static final String CLAIM = "if redis.call('exists', KEYS[1]) == 1 then return 'cancelled' end "
            + "if redis.call('set', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 'claimed' end "
            + "return 'taken'";
    /** Moves a claim from one worker to another only if the first still holds it. */
    private static final String TAKE_OVER = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end";
    /** Renews the claims, among KEYS, that are still this worker's. */
    private static final String RENEW = "for _, key in ipairs(KEYS) do "
            + "if redis.call('get', key) == ARGV[1] then redis.call('expire', key, ARGV[2]) end end return 0";
    private static final String FINISH = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end return 0";

    private final ReactiveRedisDataSource redis;
    private final RunningJobs running;
    private final Vertx vertx;
    private final String me;
    private final Duration lease;
    private final Duration renewEvery;
    private long timer = -1;

    public Claims(ReactiveRedisDataSource redis, RunningJobs running, Vertx vertx, WorkerIdentity identity,
                  WorkerConfig config) {
        this.redis = redis;
        this.running = running;
        this.vertx = vertx;
        this.me = identity.id();
        this.lease = config.statusTtl();
        this.renewEvery = config.statusInterval();
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
    public Uni<Outcome> claim(String jobId) {
        return redis.execute("EVAL", CLAIM, "2", RedisKeys.cancelledJob(jobId), RedisKeys.takenJob(jobId), me,
                        String.valueOf(lease.toSeconds()))
                .map(reply -> switch (reply.toString()) {
                    case "cancelled" -> Outcome.CANCELLED;
                    case "claimed" -> Outcome.CLAIMED;
                    default -> Outcome.TAKEN;
                });
    }

    /** Moves the claim from {@code owner} to this worker, if {@code owner} still holds it. */
    public Uni<Boolean> takeOver(String jobId, String owner) {
        return redis.execute("EVAL", TAKE_OVER, "1", RedisKeys.takenJob(jobId), owner, me, String.valueOf(lease.toSeconds()))
                .map(reply -> reply != null && reply.toLong() == 1);
    }

    /** Marks this worker's claim finished; never fails. */
    public Uni<Void> finished(String jobId) {
        return redis.execute("EVAL", FINISH, "1", RedisKeys.takenJob(jobId), me, DONE + me, String.valueOf(DONE_TTL.toSeconds()))
                .onFailure().invoke(failure -> LOG.warnf("could not mark job %s's claim finished: %s", jobId, failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Who holds the job's claim, and whether part of its answer was published. */
    public Uni<Holder> holder(String jobId) {
        String taken = RedisKeys.takenJob(jobId);
        String streamed = RedisKeys.streamedJob(jobId);
        return redis.value(String.class).mget(taken, streamed).map(found -> {
            String owner = found.get(taken);
            return new Holder(owner, owner != null && owner.startsWith(DONE), found.get(streamed) != null);
        });
    }

    /**
     * Whether {@code workerId} is alive: its control channel still has a subscriber (the connection
     * closes when its process dies), or, while Redis has just forgotten every subscriber, its status
     * key is still there.
     */
    public Uni<Boolean> isAlive(String workerId) {
        String channel = RedisKeys.controlChannel(workerId);
        return Presence.of(redis, RedisKeys.controlChannel(me), List.of(channel))
                .chain(presence -> presence.trustworthy() ? Uni.createFrom().item(presence.present(channel))
                        : redis.key(String.class).exists(RedisKeys.workerStatus(workerId)));
    }

    private void renew() {
        List<String> args = new ArrayList<>();
        args.add(RENEW);
        args.add("0");
        running.all().forEach(run -> args.add(RedisKeys.takenJob(run.job().jobId())));
        int keys = args.size() - 2;
        if (keys == 0) {
            return;
        }
        args.set(1, String.valueOf(keys));
        args.add(me);
        args.add(String.valueOf(lease.toSeconds()));
        redis.execute("EVAL", args.toArray(String[]::new)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("could not renew the claims of %d running jobs: %s", keys, failure.getMessage()));
    }
}
