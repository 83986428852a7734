package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.gateway.config.InstanceId;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who watches over each piece of work that must reach its end even when the gateway that started it
 * dies: a running resumable generation ({@link JobCustody}), an answering multi-model exchange. The
 * one way a gateway notices that another died and takes its work over.
 *
 * <p>For each kind of work ({@link Ward}) a Redis hash maps each piece's id to its custodian's
 * instance id, and Redis keeps beside it what another gateway needs to go on with it (the job as
 * published, the exchange's state). Every second each gateway reads the hashes and, in one look,
 * whether each custodian still holds its reply channel ({@link Presence}: the subscription of a
 * process that died is dropped at once). The work of a custodian that is gone is taken over, each
 * piece by exactly one gateway (a compare-and-set in Redis), and handed to its ward. A gateway that
 * dies is noticed within about a second, plus one round trip. Pieces of its own that this gateway
 * no longer watches over (a follower that lost Redis) are taken up again the same way.
 *
 * <p>Invariant: a piece has at most one custodian at a time, and only the custodian of the moment
 * acts for it; {@link #hold} succeeds only for a piece nobody holds.
 */
@ApplicationScoped
public class Custody {

    /** A kind of work watched over, and what a gateway does when it becomes a piece's custodian. */
    public interface Ward {

        /** The Redis hash of this kind's custodians: piece id to instance id. */
        String custodians();

        /** The Redis key of what a gateway taking a piece over needs. */
        String kept(String id);

        /** Whether what is kept is deleted when the custody ends (a job's copy), or outlives it (an exchange's state). */
        boolean keptOnlyInCustody();

        /**
         * This gateway holds the piece now, taken over from {@code from}, the gateway that is gone
         * (null: this one, which held it but no longer watched over it), and is given what was kept. It lets the piece go once its work
         * ended ({@link #letGo}), or lapses it ({@link #lapse}) to have it taken up again.
         */
        void takenOver(String id, String from, Response kept);
    }

    private static final Logger LOG = Logger.getLogger(Custody.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /**
     * Becomes the custodian of a piece nobody holds, keeping ARGV[3] (if given) for ARGV[4] seconds:
     * KEYS hash, kept; ARGV id, instance[, kept, ttl]. Answers 1, or 0 when another holds it.
     */
    private static final String HOLD = "if redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end "
            + "if ARGV[3] then redis.call('set', KEYS[2], ARGV[3], 'EX', ARGV[4]) end return 1";
    /**
     * Takes a piece over from a custodian that is gone, if that one still holds it; answers what is
     * kept, or nil (another gateway took it first, or nothing is kept any more: then it is forgotten).
     */
    private static final String TAKE = "if redis.call('hget', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end "
            + "local kept = redis.call('get', KEYS[2]) "
            + "if not kept then redis.call('hdel', KEYS[1], ARGV[1]) return false end "
            + "redis.call('hset', KEYS[1], ARGV[1], ARGV[3]) return kept";
    /** Lets a piece go, if this instance still holds it, and deletes what is kept when ARGV[3] is 1. */
    private static final String LET_GO = "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "redis.call('hdel', KEYS[1], ARGV[1]) if ARGV[3] == '1' then redis.call('del', KEYS[2]) end end return 0";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String me;
    private final String ownChannel;
    private final List<Ward> wards = new CopyOnWriteArrayList<>();
    /** The pieces this gateway watches over now, by ward. */
    private final Map<Ward, Set<String>> held = new ConcurrentHashMap<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    public Custody(ReactiveRedisDataSource redis, Vertx vertx, InstanceId instance) {
        this.redis = redis;
        this.vertx = vertx;
        this.me = instance.id();
        this.ownChannel = RedisKeys.replyChannel(instance.id());
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(CHECK_EVERY.toMillis(), ignored -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** This gateway looks after the ward's pieces from now on, its own and those of gateways that die. */
    public void watch(Ward ward) {
        held.computeIfAbsent(ward, ignored -> ConcurrentHashMap.newKeySet());
        wards.add(ward);
    }

    /**
     * This gateway becomes the piece's custodian, unless another instance (or this one) holds it;
     * {@code kept}, when not null, is kept for {@code ttl} as what a gateway taking it over needs.
     * Answers whether it holds the piece now.
     */
    public Uni<Boolean> hold(Ward ward, String id, String kept, Duration ttl) {
        Set<String> mine = held.get(ward);
        if (!mine.add(id)) {
            return Uni.createFrom().item(false);
        }
        List<String> args = new ArrayList<>(List.of(HOLD, "2", ward.custodians(), ward.kept(id), id, me));
        if (kept != null) {
            args.add(kept);
            args.add(String.valueOf(ttl.toSeconds()));
        }
        return redis.execute("EVAL", args.toArray(String[]::new)).map(reply -> reply != null && reply.toLong() == 1)
                .onItemOrFailure().invoke((holds, failure) -> {
                    if (failure != null || !holds) {
                        mine.remove(id);
                    }
                });
    }

    /** The piece's work ended (or this gateway recorded its end): nobody needs to watch over it any more. */
    public void letGo(Ward ward, String id) {
        held.get(ward).remove(id);
        redis.execute("EVAL", LET_GO, "2", ward.custodians(), ward.kept(id), id, me, ward.keptOnlyInCustody() ? "1" : "0")
                .subscribe().with(ignored -> { },
                        failure -> LOG.debugf("%s: could not let its custody go: %s", id, failure.getMessage()));
    }

    /** This gateway stopped watching over the piece, which may still be running: it is taken up again at the next check. */
    public void lapse(Ward ward, String id) {
        held.get(ward).remove(id);
    }

    private void check() {
        List<Ward> looked = List.copyOf(wards);
        if (looked.isEmpty() || !checking.compareAndSet(false, true)) {
            return;
        }
        List<Uni<Map<String, String>>> reads = looked.stream()
                .map(ward -> redis.hash(String.class, String.class, String.class).hgetall(ward.custodians())).toList();
        Uni.combine().all().unis(reads).with(results -> results)
                .chain(results -> {
                    Map<String, List<Runnable>> byCustodian = new HashMap<>();
                    for (int i = 0; i < looked.size(); i++) {
                        Ward ward = looked.get(i);
                        @SuppressWarnings("unchecked")
                        Map<String, String> custodians = (Map<String, String>) results.get(i);
                        custodians.forEach((id, custodian) -> {
                            if (!held.get(ward).contains(id)) {
                                byCustodian.computeIfAbsent(custodian, ignored -> new ArrayList<>()).add(() -> take(ward, id, custodian));
                            }
                        });
                    }
                    if (byCustodian.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> others = byCustodian.keySet().stream().filter(custodian -> !custodian.equals(me))
                            .map(RedisKeys::replyChannel).toList();
                    return Presence.of(redis, ownChannel, others).invoke(presence -> byCustodian.forEach((custodian, takes) -> {
                        boolean gone = custodian.equals(me)
                                || presence.trustworthy() && !presence.present(RedisKeys.replyChannel(custodian));
                        if (gone) {
                            takes.forEach(Runnable::run);
                        }
                    })).replaceWithVoid();
                })
                .eventually(() -> checking.set(false))
                .subscribe().with(ignored -> { },
                        failure -> LOG.debugf("could not check the custodians of the work in progress: %s", failure.getMessage()));
    }

    private void take(Ward ward, String id, String from) {
        Set<String> mine = held.get(ward);
        if (!mine.add(id)) {
            return;
        }
        redis.execute("EVAL", TAKE, "2", ward.custodians(), ward.kept(id), id, from, me)
                .subscribe().with(kept -> {
                    if (kept == null) {
                        mine.remove(id);
                    } else {
                        ward.takenOver(id, from.equals(me) ? null : from, kept);
                    }
                }, failure -> {
                    mine.remove(id);
                    LOG.debugf("%s: could not take its custody over: %s", id, failure.getMessage());
                });
    }
}
