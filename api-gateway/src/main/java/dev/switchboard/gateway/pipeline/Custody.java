package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.gateway.config.InstanceId;
import dev.switchboard.messaging.OneRoundAtATime;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>A ward may also have an inbox per piece ({@link Ward#inbox}): what is sent to a piece
 * somebody holds is left there, in the same step that would otherwise have made the sender its
 * custodian ({@link #holdOrLeave}), and the custodian takes it up ({@link #next}), letting the piece
 * go only in the step that finds the inbox empty. Nothing sent is ever left with nobody to take it up.
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

        /** The Redis list of what was sent to a piece while somebody held it; null when the ward has none. */
        default String inbox(String id) {
            return null;
        }

        /** The Redis key of what the custodian took up last (from the inbox, or with the custody); null when the ward has no inbox. */
        default String inHand(String id) {
            return null;
        }
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
    /**
     * Becomes the custodian of a piece nobody holds, with ARGV[3] in hand; otherwise leaves ARGV[3]
     * in the piece's inbox for its custodian: KEYS hash, inbox, in hand; ARGV id, instance, item, ttl.
     * Answers 1 (holds it now) or 0 (left).
     */
    private static final String HOLD_OR_LEAVE = "if redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) == 1 then "
            + "redis.call('set', KEYS[3], ARGV[3], 'EX', ARGV[4]) return 1 end "
            + "redis.call('rpush', KEYS[2], ARGV[3]) redis.call('expire', KEYS[2], ARGV[4]) return 0";
    /**
     * The custodian's next item from the inbox, now in hand; when there is none, lets the piece go if
     * ARGV[3] is 1: KEYS hash, inbox, in hand; ARGV id, instance, let go, ttl. Answers the item, or nil.
     */
    private static final String NEXT = "if redis.call('hget', KEYS[1], ARGV[1]) ~= ARGV[2] then return false end "
            + "local item = redis.call('lpop', KEYS[2]) "
            + "if item then redis.call('set', KEYS[3], item, 'EX', ARGV[4]) return item end "
            + "if ARGV[3] == '1' then redis.call('hdel', KEYS[1], ARGV[1]) end return false";
    /** Lets a piece go, if this instance still holds it, and deletes what is kept when ARGV[3] is 1. */
    private static final String LET_GO = "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then "
            + "redis.call('hdel', KEYS[1], ARGV[1]) if ARGV[3] == '1' then redis.call('del', KEYS[2]) end end return 0";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String me;
    private final String ownChannel;
    private final List<Ward> wards = new CopyOnWriteArrayList<>();
    /**
     * The pieces this gateway watches over now, by ward, each with the number of the step that took
     * it last: a custodian letting a piece go forgets it only if no step of this gateway took it
     * again meanwhile.
     */
    private final Map<Ward, Map<String, Long>> held = new ConcurrentHashMap<>();
    private final AtomicLong steps = new AtomicLong();
    private final OneRoundAtATime checks = new OneRoundAtATime(Duration.ofSeconds(10));
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
        held.computeIfAbsent(ward, ignored -> new ConcurrentHashMap<>());
        wards.add(ward);
    }

    /**
     * This gateway becomes the piece's custodian, unless another instance (or this one) holds it;
     * {@code kept}, when not null, is kept for {@code ttl} as what a gateway taking it over needs.
     * Answers whether it holds the piece now.
     */
    public Uni<Boolean> hold(Ward ward, String id, String kept, Duration ttl) {
        Map<String, Long> mine = held.get(ward);
        long step = steps.incrementAndGet();
        if (mine.putIfAbsent(id, step) != null) {
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
                        mine.remove(id, step);
                    }
                });
    }

    /**
     * This gateway becomes the piece's custodian with {@code item} in hand if nobody holds it;
     * otherwise the item is left in the piece's inbox, for its custodian (maybe this gateway) to
     * take up. Answers whether this gateway holds the piece now.
     */
    public Uni<Boolean> holdOrLeave(Ward ward, String id, String item, Duration ttl) {
        Map<String, Long> mine = held.get(ward);
        long step = steps.incrementAndGet();
        // Taken before Redis answers, so that no check meanwhile takes the piece from this gateway.
        Long before = mine.put(id, step);
        return redis.execute("EVAL", HOLD_OR_LEAVE, "3", ward.custodians(), ward.inbox(id), ward.inHand(id), id, me, item,
                        String.valueOf(ttl.toSeconds()))
                .map(reply -> reply != null && reply.toLong() == 1)
                .onItemOrFailure().invoke((holds, failure) -> {
                    if ((failure != null || !holds) && before == null) {
                        mine.remove(id, step);
                    }
                });
    }

    /**
     * The piece's custodian (this gateway) takes up the next item of its inbox, which is in hand
     * from now on; when the inbox is empty and {@code letGoIfEmpty}, it lets the piece go in the same
     * step. Answers the item, or null when there is none (or this gateway no longer holds the piece).
     */
    public Uni<String> next(Ward ward, String id, boolean letGoIfEmpty, Duration ttl) {
        Map<String, Long> mine = held.get(ward);
        Long step = mine.get(id);
        return redis.execute("EVAL", NEXT, "3", ward.custodians(), ward.inbox(id), ward.inHand(id), id, me,
                        letGoIfEmpty ? "1" : "0", String.valueOf(ttl.toSeconds()))
                .map(reply -> reply == null ? null : reply.toString())
                .invoke(item -> {
                    if (item == null && letGoIfEmpty && step != null) {
                        mine.remove(id, step);
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
        if (looked.isEmpty()) {
            return;
        }
        List<Uni<Map<String, String>>> reads = looked.stream()
                .map(ward -> redis.hash(String.class, String.class, String.class).hgetall(ward.custodians())).toList();
        checks.run(() -> Uni.combine().all().unis(reads).with(results -> results)
                .chain(results -> {
                    Map<String, List<Runnable>> byCustodian = new HashMap<>();
                    for (int i = 0; i < looked.size(); i++) {
                        Ward ward = looked.get(i);
                        @SuppressWarnings("unchecked")
                        Map<String, String> custodians = (Map<String, String>) results.get(i);
                        custodians.forEach((id, custodian) -> {
                            if (!held.get(ward).containsKey(id)) {
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
                }), ignored -> { },
                failure -> LOG.debugf("could not check the custodians of the work in progress: %s", failure.getMessage()));
    }

    private void take(Ward ward, String id, String from) {
        Map<String, Long> mine = held.get(ward);
        long step = steps.incrementAndGet();
        if (mine.putIfAbsent(id, step) != null) {
            return;
        }
        redis.execute("EVAL", TAKE, "2", ward.custodians(), ward.kept(id), id, from, me)
                .subscribe().with(kept -> {
                    if (kept == null) {
                        mine.remove(id, step);
                    } else {
                        ward.takenOver(id, from.equals(me) ? null : from, kept);
                    }
                }, failure -> {
                    mine.remove(id, step);
                    LOG.debugf("%s: could not take its custody over: %s", id, failure.getMessage());
                });
    }
}
