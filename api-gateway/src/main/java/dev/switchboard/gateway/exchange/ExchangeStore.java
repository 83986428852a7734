package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.json.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything Redis holds about exchanges, and the only code that reads or writes it (keys in
 * {@link RedisKeys}): the events stream every client of an exchange follows, the state, the
 * cancel mark, and the lease of the gateway running it.
 */
@ApplicationScoped
public class ExchangeStore {

    /** One event of an exchange's stream: its sequence number, SSE event name and JSON data. */
    public record Entry(String id, long seq, String event, String data) {
        static final String SEQ = "seq";
        static final String EVENT = "event";
        static final String DATA = "data";
    }

    /** Appends the events (seq, event, data triples in ARGV) in order and keeps the stream for ARGV[1] seconds. */
    private static final String APPEND = "for i = 2, #ARGV, 3 do redis.call('xadd', KEYS[1], '*', '" + Entry.SEQ
            + "', ARGV[i], '" + Entry.EVENT + "', ARGV[i + 1], '" + Entry.DATA + "', ARGV[i + 2]) end "
            + "redis.call('expire', KEYS[1], ARGV[1]) return 0";
    /** Sets the lease to ARGV[1] when it is free, already ARGV[1]'s, or forced (ARGV[3]). */
    private static final String CLAIM = "local holder = redis.call('get', KEYS[1]) "
            + "if holder == false or holder == ARGV[1] or ARGV[3] == '1' then "
            + "redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) return 1 end return 0";
    /** Renews the leases among KEYS that are still ARGV[1]'s. */
    private static final String RENEW = "for _, key in ipairs(KEYS) do "
            + "if redis.call('get', key) == ARGV[1] then redis.call('expire', key, ARGV[2]) end end return 0";

    private final ReactiveRedisDataSource redis;
    private final Duration retention;

    public ExchangeStore(ReactiveRedisDataSource redis, ExchangeConfig config) {
        this.redis = redis;
        this.retention = config.retention();
    }

    Uni<Void> append(String exchangeId, List<Entry> entries) {
        List<String> args = new ArrayList<>(List.of("EVAL", APPEND, "1", RedisKeys.exchangeEvents(exchangeId),
                String.valueOf(retention.toSeconds())));
        for (Entry entry : entries) {
            args.add(String.valueOf(entry.seq()));
            args.add(entry.event());
            args.add(entry.data());
        }
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).replaceWithVoid();
    }

    Uni<Void> save(ExchangeState state) {
        return redis.value(String.class).setex(RedisKeys.exchangeState(state.id()), retention.toSeconds(), json(state));
    }

    /** The exchange's state, or null when it is unknown or expired. */
    Uni<ExchangeState> load(String exchangeId) {
        return redis.value(String.class).get(RedisKeys.exchangeState(exchangeId)).map(found -> {
            if (found == null) {
                return null;
            }
            try {
                return Json.mapper().readValue(found, ExchangeState.class);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Marks the exchange stopped: whoever runs it starts no further turn. */
    Uni<Void> markCancelled(String exchangeId) {
        return redis.value(String.class).setex(RedisKeys.exchangeCancelled(exchangeId), retention.toSeconds(), "1");
    }

    Uni<Boolean> isCancelled(String exchangeId) {
        return redis.key(String.class).exists(RedisKeys.exchangeCancelled(exchangeId));
    }

    /** Forgets a stop, when the user continues the exchange. */
    Uni<Void> clearCancelled(String exchangeId) {
        return redis.key(String.class).del(RedisKeys.exchangeCancelled(exchangeId)).replaceWithVoid();
    }

    /**
     * Takes the lease of running the exchange unless another gateway holds it; {@code force} takes
     * it anyway (the exchange is not answering: nobody runs it, whatever lease is left).
     */
    Uni<Boolean> claim(String exchangeId, String instance, Duration lease, boolean force) {
        return redis.execute("EVAL", CLAIM, "1", RedisKeys.exchangeOwner(exchangeId), instance,
                String.valueOf(lease.toSeconds()), force ? "1" : "0").map(reply -> reply != null && reply.toLong() == 1);
    }

    Uni<Void> renew(Collection<String> exchangeIds, String instance, Duration lease) {
        if (exchangeIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(List.of(RENEW, String.valueOf(exchangeIds.size())));
        exchangeIds.forEach(id -> args.add(RedisKeys.exchangeOwner(id)));
        args.add(instance);
        args.add(String.valueOf(lease.toSeconds()));
        return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** The sequence number of the exchange's last event, or -1 when it has none. */
    Uni<Long> lastSeq(String exchangeId) {
        return redis.execute("XREVRANGE", RedisKeys.exchangeEvents(exchangeId), "+", "-", "COUNT", "1").map(reply -> {
            if (reply == null || reply.size() == 0) {
                return -1L;
            }
            var fields = reply.get(0).get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (Entry.SEQ.equals(fields.get(i).toString())) {
                    return Long.parseLong(fields.get(i + 1).toString());
                }
            }
            return -1L;
        });
    }

    Uni<Boolean> exists(String exchangeId) {
        return redis.key(String.class).exists(RedisKeys.exchangeEvents(exchangeId));
    }

    /** The command that reads the exchange's events after the stream entry {@code afterId}, waiting up to {@code blockMs}. */
    static Request read(String exchangeId, String afterId, int count, long blockMs) {
        return Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(blockMs)
                .arg("STREAMS").arg(RedisKeys.exchangeEvents(exchangeId)).arg(afterId);
    }

    private static String json(ExchangeState state) {
        try {
            return Json.mapper().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
