package dev.switchboard.gateway.keys;

import dev.switchboard.contract.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateways' shared copy of the keys in Redis, which every instance reads on every request: a
 * change written here is seen by all of them at once. Layout: the secret's hash names the key id;
 * the key's hash holds its state ({@code models} comma-separated, limits and expiry as numbers,
 * empty when none, {@code disabled} 0/1, {@code used} the last admission in epoch ms).
 */
@ApplicationScoped
public class KeyMirror {

    /** The outcome of looking a secret up. */
    public enum Found { OK, UNKNOWN, DISABLED, EXPIRED }

    /** @param models the key's allowance when found OK, else null */
    public record Resolution(Found found, String keyId, ModelAllowance models) {
    }

    /** What a key used: when it was last admitted, output tokens today (UTC), generations running now. */
    public record Usage(Instant lastUsed, long outputTokensToday, long running) {
    }

    private static final String RESOLVE = """
            local id = redis.call('get', KEYS[1])
            if not id then return {'unknown'} end
            local r = redis.call('hmget', ARGV[1] .. id, 'expires', 'disabled', 'models')
            if not r[2] then return {'unknown'} end
            if r[2] == '1' then return {'disabled', id} end
            if r[1] ~= '' and tonumber(r[1]) <= tonumber(ARGV[2]) then return {'expired', id} end
            return {'ok', id, r[3]}""";

    private static final String PUT = """
            redis.call('set', KEYS[1], ARGV[1])
            redis.call('hset', KEYS[2], 'sha', ARGV[2], 'models', ARGV[3], 'rpm', ARGV[4], 'concurrent', ARGV[5],
                'tpd', ARGV[6], 'expires', ARGV[7], 'disabled', ARGV[8])
            return 1""";

    private static final String REMOVE = """
            local sha = redis.call('hget', KEYS[1], 'sha')
            if sha then redis.call('del', ARGV[1] .. sha) end
            redis.call('del', KEYS[1])
            return 1""";

    private static final String USAGE = """
            local out = {}
            for i, record in ipairs(KEYS) do
              local used = redis.call('hget', record, 'used') or ''
              local tokens = redis.call('get', record .. ':tokens:' .. ARGV[1]) or '0'
              redis.call('zremrangebyscore', record .. ':running', '-inf', ARGV[2])
              local running = redis.call('zcard', record .. ':running')
              table.insert(out, used) table.insert(out, tokens) table.insert(out, tostring(running))
            end
            return out""";

    private final ReactiveRedisDataSource redis;

    public KeyMirror(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** The key whose secret has this hash, and whether it may be used now; one round trip. */
    public Uni<Resolution> resolve(String secretSha256) {
        return redis.execute("EVAL", RESOLVE, "1", RedisKeys.apiKeySecret(secretSha256), RedisKeys.apiKey(""),
                        String.valueOf(System.currentTimeMillis()))
                .map(reply -> new Resolution(Found.valueOf(reply.get(0).toString().toUpperCase()),
                        reply.size() > 1 ? reply.get(1).toString() : null,
                        reply.size() > 2 ? ModelAllowance.parse(reply.get(2).toString()) : null));
    }

    public Uni<Void> put(KeyRecord key) {
        return redis.execute("EVAL", PUT, "2", RedisKeys.apiKeySecret(key.secretSha256()), RedisKeys.apiKey(key.id()),
                key.id(), key.secretSha256(), String.join(",", key.models()), text(key.requestsPerMinute()),
                text(key.concurrent()), text(key.outputTokensPerDay()),
                key.expiresAt() == null ? "" : String.valueOf(key.expiresAt().toEpochMilli()),
                key.disabled() ? "1" : "0").replaceWithVoid();
    }

    /** The key is refused from now on by every gateway. */
    public Uni<Void> remove(String keyId) {
        return redis.execute("EVAL", REMOVE, "1", RedisKeys.apiKey(keyId), RedisKeys.apiKeySecret("")).replaceWithVoid();
    }

    public Uni<Boolean> complete() {
        return redis.key().exists(RedisKeys.apiKeysMirrored());
    }

    /** Copies every live key, then marks the copy complete. */
    public Uni<Void> putAll(List<KeyRecord> keys) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (KeyRecord key : keys) {
            all = all.chain(() -> put(key));
        }
        return all.chain(() -> redis.value(String.class).set(RedisKeys.apiKeysMirrored(), Instant.now().toString()));
    }

    /** Usage of each key, in one round trip. */
    public Uni<Map<String, Usage>> usage(List<String> keyIds) {
        if (keyIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> args = new ArrayList<>(List.of(USAGE, String.valueOf(keyIds.size())));
        keyIds.forEach(id -> args.add(RedisKeys.apiKey(id)));
        args.add(LocalDate.now(ZoneOffset.UTC).toString());
        args.add(String.valueOf(System.currentTimeMillis()));
        return redis.execute("EVAL", args.toArray(String[]::new)).map(reply -> {
            Map<String, Usage> usage = new LinkedHashMap<>();
            for (int i = 0; i < keyIds.size(); i++) {
                String used = reply.get(3 * i).toString();
                usage.put(keyIds.get(i), new Usage(used.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(used)),
                        number(reply.get(3 * i + 1)), number(reply.get(3 * i + 2))));
            }
            return usage;
        });
    }

    private static long number(Response response) {
        return Long.parseLong(response.toString());
    }

    private static String text(Number limit) {
        return limit == null ? "" : limit.toString();
    }
}
