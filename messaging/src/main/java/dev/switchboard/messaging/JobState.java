package dev.switchboard.messaging;

import dev.switchboard.contract.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
 *       never run again, or its client would read the answer twice.</li>
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

    /** Unless cancelled, sets the claim if nobody holds it. */
    private static final String CLAIM = "if redis.call('exists', KEYS[1]) == 1 then return 'cancelled' end "
            + "if redis.call('set', KEYS[2], ARGV[1], 'NX', 'EX', ARGV[2]) then return 'claimed' end "
            + "return 'taken'";
    /** Moves a claim from one worker to another only if the first still holds it. */
    private static final String TAKE_OVER = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 else return 0 end";
    /** Renews the claims, among KEYS, that are still this worker's. */
    private static final String RENEW = "for _, key in ipairs(KEYS) do "
            + "if redis.call('get', key) == ARGV[1] then redis.call('expire', key, ARGV[2]) end end return 0";
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

    private final ReactiveRedisDataSource redis;

    public JobState(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Claims the job for {@code worker} unless it was cancelled or somebody holds it; one round trip. */
    public Uni<ClaimAttempt> claim(String jobId, String worker, Duration lease) {
        return redis.execute("EVAL", CLAIM, "2", RedisKeys.cancelledJob(jobId), RedisKeys.takenJob(jobId), worker,
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

    /** Renews, for another lease, the claims among these jobs' that {@code worker} still holds. */
    public Uni<Void> renew(Collection<String> jobIds, String worker, Duration lease) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(jobIds.size() + 4);
        args.add(RENEW);
        args.add(String.valueOf(jobIds.size()));
        jobIds.forEach(jobId -> args.add(RedisKeys.takenJob(jobId)));
        args.add(worker);
        args.add(String.valueOf(lease.toSeconds()));
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
                .map(reply -> reply == null ? null : holder(reply));
    }

    private static String holder(Response reply) {
        String holder = reply.toString();
        return holder.startsWith(DONE) ? holder.substring(DONE.length()) : holder;
    }

    /**
     * The command that marks the job streamed, for a pipelined connection: written before the
     * first piece of answer, on the connection that carries the answer, so it lands first.
     */
    public static Request markStreamed(String jobId) {
        return Request.cmd(Command.SET).arg(RedisKeys.streamedJob(jobId)).arg("1").arg("EX").arg(MARK_TTL.toSeconds());
    }
}
