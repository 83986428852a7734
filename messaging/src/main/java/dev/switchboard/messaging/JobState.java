package dev.switchboard.messaging;

import dev.switchboard.contract.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything Redis holds about one job, and the only code that reads or writes it; the gateway and
 * the workers both go through here. The keys ({@link RedisKeys}):
 * <ul>
 *   <li>{@code cancelled}: set when the job is cancelled, so that a worker that has not started it
 *       never will; it outlives any wait in Kafka;</li>
 *   <li>{@code taken}: the claim. While the job runs, a lease holding the worker's id, renewed by
 *       that worker; once the job ends, {@code done:<worker>} for hours, so that a redelivery after
 *       the end never runs it again;</li>
 *   <li>{@code streamed}: set before the first piece of answer goes out; from then on the job must
 *       never run again, or its client would read the answer twice;</li>
 *   <li>{@code events}, resumable jobs only: a Redis Stream whose first entry ({@code meta}) the
 *       gateway writes when it accepts the job, followed by every event the worker publishes
 *       ({@code event}), appended on the connection that publishes it and before it, so that
 *       whoever heard an event live finds it in the stream. Capped to fit a whole answer, kept
 *       {@code retention} after the job ends (and, while it runs, renewed with the claim);</li>
 *   <li>{@code reattached}, resumable jobs only: how many times a client re-attached, for the
 *       completion record;</li>
 *   <li>{@code attached}, resumable jobs only: a short lease that every gateway with a client
 *       attached to the job keeps renewing; a job unattended too long is cancelled by its worker.</li>
 * </ul>
 * Each decision that two processes could race on is one script, so it is atomic in Redis.
 */
public final class JobState {

    /** What an attempt to claim a job found. */
    public enum ClaimAttempt { CLAIMED, CANCELLED, TAKEN }

    /**
     * A job's state as one read saw it.
     *
     * @param owner     the worker whose claim it is (running or finished), or null when nobody's is:
     *                  never claimed, or the lease ran out
     * @param done      the job ended
     * @param streamed  part of its answer went out
     * @param cancelled it was cancelled
     */
    public record Seen(String owner, boolean done, boolean streamed, boolean cancelled) {
    }

    /** How long a cancel mark lasts: longer than any job waits in Kafka. */
    static final Duration CANCELLED_TTL = Duration.ofHours(1);
    /** How long the marks of a job that ran last: longer than any generation. */
    static final Duration MARK_TTL = Duration.ofHours(6);
    /** What a finished job's claim holds before the worker's id. */
    private static final String DONE = "done:";

    /**
     * Unless cancelled, sets the claim if nobody holds it and the answer has not started: a claim
     * whose worker died after its first piece lapses, and the job must not run a second time.
     */
    private static final String CLAIM = "if redis.call('exists', KEYS[1]) == 1 then return 'cancelled' end "
            + "if redis.call('exists', KEYS[3]) == 1 then return 'taken' end "
            + "if redis.call('set', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 'claimed' end "
            + "return 'taken'";
    /** Moves a claim from one worker to another only if the first still holds it. */
    private static final String TAKE_OVER = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end";
    /**
     * Renews the claims, among KEYS (claim, events, claim, events, …), that are still this worker's,
     * and the events of their jobs.
     */
    private static final String RENEW = "for i = 1, #KEYS, 2 do "
            + "if redis.call('get', KEYS[i]) == ARGV[1] then redis.call('expire', KEYS[i], ARGV[2]) "
            + "redis.call('expire', KEYS[i + 1], ARGV[3]) end end return 0";
    /**
     * Starts a resumable job's events with its description, sets when they expire unless a worker
     * renews them, and lists the job under its conversation (KEYS[2], when it has one).
     */
    private static final String OPEN = "redis.call('xadd', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '" + Entry.META
            + "', ARGV[2]) redis.call('expire', KEYS[1], ARGV[3]) "
            + "if KEYS[2] then redis.call('zadd', KEYS[2], ARGV[4], ARGV[5]) redis.call('expire', KEYS[2], ARGV[6]) end return 1";
    /** For each events stream of KEYS: its first entry's value, its last entry's field and value; empty strings when gone. */
    private static final String FIRST_AND_LAST = "local out = {} for _, key in ipairs(KEYS) do "
            + "local first = redis.call('xrange', key, '-', '+', 'COUNT', 1)[1] "
            + "if first then local last = redis.call('xrevrange', key, '+', '-', 'COUNT', 1)[1] "
            + "table.insert(out, first[2][2]) table.insert(out, last[2][1]) table.insert(out, last[2][2]) "
            + "else table.insert(out, '') table.insert(out, '') table.insert(out, '') end end return out";
    /** How long a conversation's list of jobs outlives its newest job's acceptance. */
    private static final Duration CONVERSATION_TTL = Duration.ofDays(1);
    /** Counts a re-attachment. */
    private static final String REATTACHED = "redis.call('incr', KEYS[1]) redis.call('expire', KEYS[1], ARGV[1]) return 0";
    /** Keeps the attachment leases of KEYS. */
    private static final String ATTACHED = "for _, key in ipairs(KEYS) do redis.call('set', key, '1', 'EX', ARGV[1]) end return 0";
    /** Turns this worker's claim into the finished one. */
    private static final String FINISH = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end return 0";
    /**
     * Marks the job cancelled and tells the worker holding its claim, if a running one does;
     * answers whoever holds the claim (a finished one included), or nil.
     */
    private static final String CANCEL = "redis.call('set', KEYS[1], '1', 'EX', ARGV[1]) "
            + "local holder = redis.call('get', KEYS[2]) "
            + "if holder and string.sub(holder, 1, " + DONE.length() + ") ~= '" + DONE + "' then "
            + "redis.call('publish', ARGV[2] .. holder, ARGV[3]) end "
            + "return holder";

    /** Entries of a job's events besides the answer's pieces: its description, started, done, and a few more. */
    private static final long EVENTS_MARGIN = 16;

    private final ReactiveRedisDataSource redis;

    public JobState(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Claims the job for {@code worker} unless it was cancelled, somebody holds it or its answer
     * started (then it is {@code TAKEN}: one look at its state tells the rest); one round trip.
     */
    public Uni<ClaimAttempt> claim(String jobId, String worker, Duration lease) {
        return redis.execute("EVAL", CLAIM, "3", RedisKeys.cancelledJob(jobId), RedisKeys.takenJob(jobId),
                        RedisKeys.streamedJob(jobId), worker,
                        String.valueOf(lease.toSeconds()))
                .map(reply -> switch (reply.toString()) {
                    case "cancelled" -> ClaimAttempt.CANCELLED;
                    case "claimed" -> ClaimAttempt.CLAIMED;
                    default -> ClaimAttempt.TAKEN;
                });
    }

    /** The job's claim, marks and cancel mark, in one round trip. */
    public Uni<Seen> look(String jobId) {
        String taken = RedisKeys.takenJob(jobId);
        String streamed = RedisKeys.streamedJob(jobId);
        String cancelled = RedisKeys.cancelledJob(jobId);
        return redis.value(String.class).mget(taken, streamed, cancelled).map(found -> {
            String holder = found.get(taken);
            boolean done = holder != null && holder.startsWith(DONE);
            return new Seen(done ? holder.substring(DONE.length()) : holder, done, found.get(streamed) != null,
                    found.get(cancelled) != null);
        });
    }

    /** Moves the claim from {@code from} to {@code to}, if {@code from} still holds it. */
    public Uni<Boolean> takeOver(String jobId, String from, String to, Duration lease) {
        return redis.execute("EVAL", TAKE_OVER, "1", RedisKeys.takenJob(jobId), from, to, String.valueOf(lease.toSeconds()))
                .map(reply -> reply != null && reply.toLong() == 1);
    }

    /**
     * Renews, for another lease, the claims among these jobs' that {@code worker} still holds, and
     * keeps their events (if any) for {@code eventsTtl}.
     */
    public Uni<Void> renew(Collection<String> jobIds, String worker, Duration lease, Duration eventsTtl) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(2 * jobIds.size() + 5);
        args.add(RENEW);
        args.add(String.valueOf(2 * jobIds.size()));
        jobIds.forEach(jobId -> {
            args.add(RedisKeys.takenJob(jobId));
            args.add(RedisKeys.jobEvents(jobId));
        });
        args.add(worker);
        args.add(String.valueOf(lease.toSeconds()));
        args.add(String.valueOf(eventsTtl.toSeconds()));
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** Marks {@code worker}'s claim finished, for longer than any redelivery could come. */
    public Uni<Void> finish(String jobId, String worker) {
        return redis.execute("EVAL", FINISH, "1", RedisKeys.takenJob(jobId), worker, DONE + worker,
                String.valueOf(MARK_TTL.toSeconds())).replaceWithVoid();
    }

    /**
     * Cancels the job wherever it is: a worker that has not started it never will, and the worker
     * running it is told on its control channel. Answers the worker that held its claim, running
     * or finished, or null when none had taken it.
     */
    public Uni<String> cancel(String jobId) {
        return redis.execute("EVAL", CANCEL, "2", RedisKeys.cancelledJob(jobId), RedisKeys.takenJob(jobId),
                        String.valueOf(CANCELLED_TTL.toSeconds()), RedisKeys.controlChannel(""), jobId)
                .map(reply -> reply == null ? null : holder(reply.toString()));
    }

    private static String holder(String holder) {
        return holder.startsWith(DONE) ? holder.substring(DONE.length()) : holder;
    }

    /**
     * How many entries a job's events keep: a whole answer. A backend streams about one token per
     * piece; twice max_tokens lets a backend that sends smaller pieces fit too, and costs nothing
     * until an answer is that long.
     */
    public static long eventsCap(int maxTokens) {
        return 2L * maxTokens + EVENTS_MARGIN;
    }

    /**
     * Starts the events of a resumable job with its description ({@code meta}), before it is
     * published: from then on the job is known to every gateway, for {@code ttl} unless a worker
     * runs it and keeps it longer.
     */
    public Uni<Void> openEvents(String jobId, String conversationId, String meta, long cap, Duration ttl) {
        List<String> args = new ArrayList<>(List.of(OPEN, conversationId == null ? "1" : "2", RedisKeys.jobEvents(jobId)));
        if (conversationId != null) {
            args.add(RedisKeys.conversationJobs(conversationId));
        }
        args.addAll(List.of(String.valueOf(cap), meta, String.valueOf(ttl.toSeconds()),
                String.valueOf(System.currentTimeMillis()), jobId, String.valueOf(CONVERSATION_TTL.toSeconds())));
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** A conversation's resumable job still kept: its description, and the last entry of its events. */
    public record Kept(String jobId, String meta, Entry last) {
    }

    /** The resumable jobs of a conversation whose events are still kept, oldest first. */
    public Uni<List<Kept>> ofConversation(String conversationId) {
        return redis.sortedSet(String.class).zrange(RedisKeys.conversationJobs(conversationId), 0, -1).chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(List.<Kept>of());
            }
            List<String> args = new ArrayList<>(List.of(FIRST_AND_LAST, String.valueOf(ids.size())));
            ids.forEach(id -> args.add(RedisKeys.jobEvents(id)));
            return redis.execute("EVAL", args.toArray(String[]::new)).map(reply -> {
                List<Kept> kept = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    String meta = reply.get(3 * i).toString();
                    if (!meta.isEmpty()) {
                        kept.add(new Kept(ids.get(i), meta, new Entry(null, reply.get(3 * i + 1).toString(),
                                reply.get(3 * i + 2).toString())));
                    }
                }
                return kept;
            });
        });
    }

    /** Appends an event the gateway itself ends the job with (no worker will: it died, or none started the job). */
    public Uni<Void> appendEvent(String jobId, String event) {
        return redis.execute("XADD", RedisKeys.jobEvents(jobId), "*", Entry.EVENT, event).replaceWithVoid();
    }

    /** The first entry kept of the job's events, or null when none are (not resumable, unknown, or expired). */
    public Uni<Entry> firstEntry(String jobId) {
        return redis.execute("XRANGE", RedisKeys.jobEvents(jobId), "-", "+", "COUNT", "1")
                .map(reply -> reply == null || reply.size() == 0 ? null : Entry.of(reply.get(0).getDelegate()));
    }

    /** Counts one more re-attachment to a resumable job; the count is kept as long as its events. */
    public Uni<Void> reattached(String jobId, Duration ttl) {
        return redis.execute("EVAL", REATTACHED, "1", RedisKeys.jobReattached(jobId), String.valueOf(ttl.toSeconds()))
                .replaceWithVoid();
    }

    /** How many times clients re-attached to the job. */
    public Uni<Integer> reattachments(String jobId) {
        return redis.value(String.class).get(RedisKeys.jobReattached(jobId))
                .map(count -> count == null ? 0 : Integer.parseInt(count));
    }

    /** Whether the job's events are kept: it is resumable, and neither expired nor unknown. */
    public Uni<Boolean> hasEvents(String jobId) {
        return redis.key(String.class).exists(RedisKeys.jobEvents(jobId));
    }

    /** Keeps, for {@code ttl}, the attachment leases of these resumable jobs. */
    public Uni<Void> attached(Collection<String> jobIds, Duration ttl) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(jobIds.size() + 3);
        args.add(ATTACHED);
        args.add(String.valueOf(jobIds.size()));
        jobIds.forEach(jobId -> args.add(RedisKeys.jobAttached(jobId)));
        args.add(String.valueOf(ttl.toSeconds()));
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** Which of these jobs some client is attached to now, through any gateway. */
    public Uni<Set<String>> attachedAmong(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> ids = List.copyOf(jobIds);
        return redis.value(String.class).mget(ids.stream().map(RedisKeys::jobAttached).toArray(String[]::new))
                .map(found -> ids.stream().filter(id -> found.get(RedisKeys.jobAttached(id)) != null)
                        .collect(Collectors.toSet()));
    }

    /**
     * The command that appends one published event to a resumable job's events, for the pipelined
     * connection that publishes it (and before the publish). {@code MAXLEN ~} trims only whole
     * nodes, so at least {@code cap} entries stay.
     */
    public static Request appendEvent(String jobId, byte[] event, long cap) {
        return Request.cmd(Command.XADD).arg(RedisKeys.jobEvents(jobId)).arg("MAXLEN").arg("~").arg(cap).arg("*")
                .arg(Entry.EVENT).arg(event);
    }

    /** The command that keeps a resumable job's events for {@code ttl} from now. */
    public static Request keepEvents(String jobId, Duration ttl) {
        return Request.cmd(Command.EXPIRE).arg(RedisKeys.jobEvents(jobId)).arg(ttl.toSeconds());
    }

    /**
     * The command that reads the job's entries after {@code afterId} ("0" for all), waiting up to
     * {@code blockMs} for one: for a connection of its own, which it holds while it waits.
     */
    public static Request readEvents(String jobId, String afterId, int count, long blockMs) {
        return Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(blockMs).arg("STREAMS")
                .arg(RedisKeys.jobEvents(jobId)).arg(afterId);
    }

    /** One entry of a job's events: the gateway's description ({@link #META}) or an event ({@link #EVENT}), as JSON. */
    public record Entry(String id, String field, String value) {

        public static final String META = "meta";
        public static final String EVENT = "event";

        /** One {@code [id, [field, value]]} item of a stream reply. */
        static Entry of(Response item) {
            Response fields = item.get(1);
            return new Entry(item.get(0).toString(), fields.get(0).toString(), fields.get(1).toString());
        }

        /** The entries of an XREAD reply on one stream; none when it timed out. */
        public static List<Entry> read(Response reply) {
            List<Entry> entries = new ArrayList<>();
            if (reply == null) {
                return entries;
            }
            // RESP3 answers {key: [[id, [field, value, …]], …]}; RESP2 [[key, [[id, [field, value, …]], …]]].
            Response stream = reply.isMap() ? reply.get(reply.getKeys().iterator().next()) : reply.get(0).get(1);
            for (Response item : stream) {
                entries.add(of(item));
            }
            return entries;
        }
    }

    /**
     * The command that marks the job streamed, for a pipelined connection: written before the
     * first piece of answer, on the connection that carries the answer, so it lands first.
     */
    public static Request markStreamed(String jobId) {
        return Request.cmd(Command.SET).arg(RedisKeys.streamedJob(jobId)).arg("1").arg("EX").arg(MARK_TTL.toSeconds());
    }
}
