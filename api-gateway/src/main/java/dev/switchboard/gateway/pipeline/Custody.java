package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.gateway.config.InstanceId;
import dev.switchboard.messaging.JobState;
import dev.switchboard.messaging.Presence;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who watches over each running resumable generation until it ends: the gateway that started it,
 * or, once that gateway is gone, another one. Watching over means hearing that the generation's
 * worker died in the middle of the answer, and then ending its events with the error and recording
 * it interrupted, which the worker can no longer do and which must happen even when no client is
 * attached anywhere.
 *
 * <p>A Redis hash maps each running resumable job to its custodian's instance id, and the job as
 * published is kept beside it. Every second each gateway reads the hash and, in the same look,
 * whether each custodian still holds its reply channel ({@link Presence}: the subscription of a
 * process that died is dropped at once). The jobs of a custodian that is gone are taken over, each
 * by exactly one gateway (a compare-and-set in Redis), which follows the job's events stream to its
 * end. A gateway that dies is noticed within about a second, plus one round trip.
 *
 * <p>Invariant: only a job's custodian of the moment records it interrupted, so it is recorded once.
 */
@ApplicationScoped
public class Custody {

    private static final Logger LOG = Logger.getLogger(Custody.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** Longer than any generation runs; the job is deleted when its custodian lets it go. */
    private static final Duration JOB_TTL = Duration.ofHours(6);
    /** Becomes the custodian of a job and keeps the job: KEYS hash, job; ARGV job id, instance, job, ttl. */
    private static final String HOLD = "redis.call('hset', KEYS[1], ARGV[1], ARGV[2]) "
            + "redis.call('set', KEYS[2], ARGV[3], 'EX', ARGV[4]) return 1";
    /**
     * Takes a job over from a custodian that is gone, if that one still holds it; answers the job,
     * or nil (another gateway took it first, or the job is no longer kept, then it is forgotten).
     */
    private static final String TAKE = "if redis.call('hget', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end "
            + "local job = redis.call('get', KEYS[2]) "
            + "if not job then redis.call('hdel', KEYS[1], ARGV[1]) return false end "
            + "redis.call('hset', KEYS[1], ARGV[1], ARGV[3]) return job";
    /** Lets a job go, if this instance still holds it. */
    private static final String LET_GO = "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "redis.call('hdel', KEYS[1], ARGV[1]) redis.call('del', KEYS[2]) end return 0";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String me;
    private final String ownChannel;
    private final JobState state;
    private final Replays replays;
    private final CompletionRecorder recorder;
    /** The jobs this gateway watches over now: by a submission of its own, or by following their events. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    public Custody(ReactiveRedisDataSource redis, Vertx vertx, InstanceId instance, Replays replays,
                   CompletionRecorder recorder) {
        this.redis = redis;
        this.vertx = vertx;
        this.me = instance.id();
        this.ownChannel = RedisKeys.replyChannel(instance.id());
        this.state = new JobState(redis);
        this.replays = replays;
        this.recorder = recorder;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(CHECK_EVERY.toMillis(), ignored -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** This gateway watches over the job it is about to publish. */
    Uni<Void> hold(GenerationJob job) {
        held.add(job.jobId());
        return redis.execute("EVAL", HOLD, "2", RedisKeys.resumableCustodians(), RedisKeys.resumableJob(job.jobId()),
                job.jobId(), me, Codec.JOB.encodeToString(job), String.valueOf(JOB_TTL.toSeconds())).replaceWithVoid();
    }

    /** The job ended (or this gateway recorded its end): nobody needs to watch over it any more. */
    void letGo(String jobId) {
        held.remove(jobId);
        redis.execute("EVAL", LET_GO, "2", RedisKeys.resumableCustodians(), RedisKeys.resumableJob(jobId), jobId, me)
                .subscribe().with(ignored -> { },
                        failure -> LOG.debugf("job %s: could not let its custody go: %s", jobId, failure.getMessage()));
    }

    private void check() {
        if (!checking.compareAndSet(false, true)) {
            return;
        }
        redis.hash(String.class, String.class, String.class).hgetall(RedisKeys.resumableCustodians())
                .chain(custodians -> {
                    Map<String, List<String>> byCustodian = new HashMap<>();
                    custodians.forEach((job, custodian) -> {
                        if (!held.contains(job)) {
                            byCustodian.computeIfAbsent(custodian, ignored -> new ArrayList<>()).add(job);
                        }
                    });
                    if (byCustodian.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> others = byCustodian.keySet().stream().filter(custodian -> !custodian.equals(me))
                            .map(RedisKeys::replyChannel).toList();
                    return Presence.of(redis, ownChannel, others).invoke(presence -> byCustodian.forEach((custodian, jobs) -> {
                        // Its own jobs that nothing here follows (a follower that lost Redis) are taken up again.
                        boolean gone = custodian.equals(me)
                                || presence.trustworthy() && !presence.present(RedisKeys.replyChannel(custodian));
                        if (gone) {
                            jobs.forEach(job -> take(job, custodian));
                        }
                    })).replaceWithVoid();
                })
                .eventually(() -> checking.set(false))
                .subscribe().with(ignored -> { },
                        failure -> LOG.debugf("could not check the custodians of resumable generations: %s", failure.getMessage()));
    }

    private void take(String jobId, String from) {
        held.add(jobId);
        redis.execute("EVAL", TAKE, "2", RedisKeys.resumableCustodians(), RedisKeys.resumableJob(jobId), jobId, from, me)
                .subscribe().with(reply -> taken(jobId, from, reply), failure -> {
                    held.remove(jobId);
                    LOG.debugf("job %s: could not take its custody over: %s", jobId, failure.getMessage());
                });
    }

    private void taken(String jobId, String from, Response job) {
        if (job == null) {
            held.remove(jobId);
            return;
        }
        GenerationJob published;
        try {
            published = Codec.JOB.decode(job.toBytes());
        } catch (MalformedRecordException e) {
            LOG.warnf("job %s: its kept copy is not a job, so nobody can record its end: %s", jobId, e.getMessage());
            letGo(jobId);
            return;
        }
        if (!from.equals(me)) {
            LOG.warnf("job %s: its gateway %s is gone; this gateway watches over the generation now", jobId, from);
        }
        replays.watchOver(jobId, new Follower.Duty() {
            @Override
            public void interrupted(StreamEvent.Error error, List<StreamEvent> events) {
                recordInterrupted(published, error, events);
            }

            @Override
            public void over(boolean ended) {
                if (ended) {
                    letGo(jobId);
                } else {
                    // Not followed any more, the job maybe still running: taken up again at the next check.
                    held.remove(jobId);
                }
            }
        });
    }

    /** What the job's starting gateway would have done had its client seen the worker die. */
    private void recordInterrupted(GenerationJob job, StreamEvent.Error error, List<StreamEvent> events) {
        ReceivedAnswer received = new ReceivedAnswer();
        events.forEach(received::add);
        LOG.warnf("job %s interrupted: %s", job.jobId(), error.message());
        state.appendEvent(job.jobId(), Codec.EVENT.encodeToString(error)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("job %s: its end was not kept for re-attaching clients: %s", job.jobId(), failure.getMessage()));
        recorder.interrupted(job, received, error.message());
    }
}
