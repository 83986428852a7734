package dev.switchboard.gateway.keys;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.errors.GatewayError;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Lets a job with a key through, or refuses it before it is published: the key must still be
 * valid, allow the model, and be within its limits (requests per minute, generations at once,
 * output tokens per UTC day). All of it is one Lua script, one round trip, atomic across every
 * gateway instance: 50 requests at once through two gateways admit exactly the allowed number.
 *
 * <p>An admitted generation holds a concurrency slot, a lease it renews while it runs and frees
 * when it ends however it ends; a gateway that dies leaves a slot that expires with its lease.
 * Output tokens are counted when the answer is done; a running answer is never cut.
 */
@ApplicationScoped
public class KeyAdmission {

    private static final Logger LOG = Logger.getLogger(KeyAdmission.class);
    private static final Duration TOKENS_KEPT = Duration.ofDays(2);
    /** Longer than any generation and its kept events: who started a job is asked while it can be re-attached. */
    private static final Duration OWNER_KEPT = Duration.ofDays(1);

    /** KEYS: the key, its requests this minute, its running set, its tokens today, the job's owner. */
    private static final String ADMIT = """
            local r = redis.call('hmget', KEYS[1], 'models', 'expires', 'disabled', 'rpm', 'concurrent', 'tpd')
            if not r[3] then return {'unknown'} end
            if r[3] == '1' then return {'disabled'} end
            local now = tonumber(ARGV[1])
            if r[2] ~= '' and tonumber(r[2]) <= now then return {'expired'} end
            if r[1] ~= '' then
              local allowed = false
              for m in string.gmatch(r[1], '[^,]+') do
                if m == ARGV[2] or m == ARGV[3] or m == ARGV[4] .. '/*' then allowed = true break end
              end
              if not allowed then return {'model', r[1]} end
            end
            if r[4] ~= '' and tonumber(redis.call('get', KEYS[2]) or '0') >= tonumber(r[4]) then
              return {'rpm', ARGV[7], r[4]} end
            if r[5] ~= '' then
              redis.call('zremrangebyscore', KEYS[3], '-inf', now)
              if redis.call('zcard', KEYS[3]) >= tonumber(r[5]) then return {'concurrent', '1', r[5]} end
            end
            if r[6] ~= '' and tonumber(redis.call('get', KEYS[4]) or '0') >= tonumber(r[6]) then
              return {'tokens', ARGV[8], r[6]} end
            if r[4] ~= '' then redis.call('incr', KEYS[2]) redis.call('expire', KEYS[2], 120) end
            if r[5] ~= '' then
              redis.call('zadd', KEYS[3], now + tonumber(ARGV[6]), ARGV[5])
              redis.call('pexpire', KEYS[3], tonumber(ARGV[6]))
            end
            redis.call('hset', KEYS[1], 'used', ARGV[1])
            redis.call('set', KEYS[5], ARGV[9], 'EX', ARGV[10])
            if r[5] ~= '' then return {'ok', 'slot'} end
            return {'ok'}""";

    private static final String RENEW = """
            if redis.call('zscore', KEYS[1], ARGV[2]) then
              redis.call('zadd', KEYS[1], ARGV[1], ARGV[2])
              redis.call('pexpire', KEYS[1], ARGV[3])
            end
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final AuthMode mode;
    private final Duration lease;
    private final Vertx vertx;

    public KeyAdmission(ReactiveRedisDataSource redis, AuthStartup startup, AuthConfig config, Vertx vertx) {
        this.redis = redis;
        this.mode = startup.mode();
        this.lease = config.concurrencyLease();
        this.vertx = vertx;
    }

    /**
     * The job's events once its key lets it through; a refusal fails the stream with a
     * {@link GatewayError} before the job is published. Without keys, the events as they are.
     */
    public Multi<StreamEvent> guard(GenerationJob job, Multi<StreamEvent> events) {
        if (!mode.keys()) {
            return events;
        }
        if (job.apiKeyId() == null) {
            return Multi.createFrom().failure(GatewayError.forbidden(
                    "generating needs an API key; the admin token administers keys and models only"));
        }
        return admit(job).onItem().transformToMulti(slot -> follow(job, slot, events));
    }

    private Uni<Boolean> admit(GenerationJob job) {
        Instant now = Instant.now();
        long epochSecond = now.getEpochSecond();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long toMidnight = today.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - epochSecond;
        String key = job.apiKeyId();
        return redis.execute("EVAL", ADMIT, "5", RedisKeys.apiKey(key), RedisKeys.apiKeyRequests(key, epochSecond / 60),
                        RedisKeys.apiKeyRunning(key), RedisKeys.apiKeyTokens(key, today.toString()), RedisKeys.jobApiKey(job.jobId()),
                        String.valueOf(now.toEpochMilli()), job.requestedModel(), job.model(), job.pool(), job.jobId(),
                        String.valueOf(lease.toMillis()), String.valueOf(60 - epochSecond % 60), String.valueOf(toMidnight),
                        key, String.valueOf(OWNER_KEPT.toSeconds()))
                .onFailure().transform(failure -> {
                    LOG.errorf("job %s: its key could not be checked: %s", job.jobId(), failure.getMessage());
                    return GatewayError.overloaded("the gateway cannot check API keys: Redis is not available; try again shortly");
                })
                .map(reply -> decide(job, reply));
    }

    /** Whether the job holds a concurrency slot; a refusal is thrown. */
    private static boolean decide(GenerationJob job, Response reply) {
        String outcome = reply.get(0).toString();
        return switch (outcome) {
            case "ok" -> reply.size() > 1;
            case "unknown" -> throw GatewayError.unauthenticated("this API key is revoked");
            case "disabled" -> throw GatewayError.unauthenticated("this API key is disabled");
            case "expired" -> throw GatewayError.unauthenticated("this API key has expired");
            case "model" -> throw GatewayError.forbidden("this API key may not use model '" + job.requestedModel()
                    + "'; it may use " + reply.get(1).toString().replace(",", ", "));
            case "rpm" -> throw GatewayError.rateLimited("this API key's limit of " + reply.get(2) + " requests per minute"
                    + " is reached; try again in " + reply.get(1) + " s", Long.parseLong(reply.get(1).toString()));
            case "concurrent" -> throw GatewayError.rateLimited("this API key's limit of " + reply.get(2)
                    + " generations at once is reached; try again when one ends", 1);
            case "tokens" -> throw GatewayError.rateLimited("this API key's limit of " + reply.get(2)
                    + " output tokens per day (UTC) is used up; it renews at midnight UTC", Long.parseLong(reply.get(1).toString()));
            default -> throw new IllegalStateException("unexpected admission reply " + outcome);
        };
    }

    private Multi<StreamEvent> follow(GenerationJob job, boolean slot, Multi<StreamEvent> events) {
        String running = RedisKeys.apiKeyRunning(job.apiKeyId());
        long renewal = slot ? vertx.setPeriodic(Math.max(1000, lease.toMillis() / 3), ignored -> redis.execute("EVAL", RENEW,
                "1", running, String.valueOf(System.currentTimeMillis() + lease.toMillis()), job.jobId(),
                String.valueOf(lease.toMillis())).subscribe().with(ok -> { }, failure -> LOG.warnf(
                "job %s: its key's concurrency slot was not renewed: %s", job.jobId(), failure.getMessage()))) : -1;
        return events
                .onItem().invoke(event -> {
                    if (event instanceof StreamEvent.Done done && done.usage() != null && done.usage().outputTokens() > 0) {
                        countTokens(job, done.usage().outputTokens());
                    }
                })
                .onTermination().invoke(() -> {
                    if (slot) {
                        vertx.cancelTimer(renewal);
                        redis.sortedSet(String.class).zrem(running, job.jobId()).subscribe().with(ok -> { },
                                failure -> LOG.warnf("job %s: its key's concurrency slot stays until its lease ends: %s",
                                        job.jobId(), failure.getMessage()));
                    }
                });
    }

    private void countTokens(GenerationJob job, int outputTokens) {
        String tokens = RedisKeys.apiKeyTokens(job.apiKeyId(), LocalDate.now(ZoneOffset.UTC).toString());
        redis.execute("EVAL", "redis.call('incrby', KEYS[1], ARGV[1]) return redis.call('expire', KEYS[1], ARGV[2])", "1",
                        tokens, String.valueOf(outputTokens), String.valueOf(TOKENS_KEPT.toSeconds()))
                .subscribe().with(ok -> { }, failure -> LOG.warnf("job %s: its %d output tokens were not counted against its key: %s",
                        job.jobId(), outputTokens, failure.getMessage()));
    }
}
