package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.json.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything Redis holds about exchanges, and the only code that reads or writes it (keys in
 * {@link RedisKeys}): the events stream every client of an exchange follows, the state, the cancel
 * mark, and the request in hand. Which gateway runs an exchange, and the inbox of the user's
 * messages waiting for it, are its custody ({@link Exchanges}).
 */
@ApplicationScoped
public class ExchangeStore {

    /** One event of an exchange's stream: its sequence number, SSE event name and JSON data. */
    public record Entry(String id, long seq, String event, String data) {
        static final String SEQ = "seq";
        static final String EVENT = "event";
        static final String DATA = "data";

        /** The event's data as JSON; an empty object when it is not JSON. */
        JsonNode json() {
            try {
                return Json.mapper().readTree(data);
            } catch (JsonProcessingException e) {
                return Json.mapper().createObjectNode();
            }
        }
    }

    /** Appends the events (seq, event, data triples in ARGV) in order and keeps the stream for ARGV[1] seconds. */
    private static final String APPEND = "for i = 2, #ARGV, 3 do redis.call('xadd', KEYS[1], '*', '" + Entry.SEQ
            + "', ARGV[i], '" + Entry.EVENT + "', ARGV[i + 1], '" + Entry.DATA + "', ARGV[i + 2]) end "
            + "redis.call('expire', KEYS[1], ARGV[1]) return 0";
    /**
     * Stops the request in hand and every request waiting in the inbox: KEYS cancel mark, in hand,
     * inbox; ARGV ttl. The mark names the request in hand; each waiting one is marked itself.
     */
    private static final String CANCEL = "local asked = redis.call('get', KEYS[2]) "
            + "redis.call('set', KEYS[1], asked and cjson.decode(asked)['id'] or '', 'EX', ARGV[1]) "
            + "local waiting = redis.call('llen', KEYS[3]) "
            + "for i = 0, waiting - 1 do local item = cjson.decode(redis.call('lindex', KEYS[3], i)) "
            + "item['cancelled'] = true redis.call('lset', KEYS[3], i, cjson.encode(item)) end return waiting";
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

    /**
     * Marks the exchange's request in hand stopped, and every request waiting for it: whoever runs
     * the exchange starts no further turn of them.
     */
    Uni<Void> markCancelled(String exchangeId) {
        return redis.execute("EVAL", CANCEL, "3", RedisKeys.exchangeCancelled(exchangeId), RedisKeys.exchangeRequest(exchangeId),
                RedisKeys.exchangeInbox(exchangeId), String.valueOf(retention.toSeconds())).replaceWithVoid();
    }

    /** Whether the request was stopped. */
    Uni<Boolean> isCancelled(String exchangeId, String requestId) {
        return redis.value(String.class).get(RedisKeys.exchangeCancelled(exchangeId)).map(requestId::equals);
    }

    /** The request in hand: the one answered now or last; null when none is. */
    Uni<Ask> inHand(String exchangeId) {
        return redis.value(String.class).get(RedisKeys.exchangeRequest(exchangeId)).map(Ask::read);
    }

    /** Whether a gateway answers the exchange now: its request, or the user's messages waiting. */
    Uni<Boolean> answering(String exchangeId) {
        return redis.hash(String.class).hexists(RedisKeys.exchangeCustodians(), exchangeId);
    }

    /** Every event of the exchange, in order. */
    Uni<List<Entry>> events(String exchangeId) {
        return redis.execute("XRANGE", RedisKeys.exchangeEvents(exchangeId), "-", "+").map(reply -> {
            List<Entry> entries = new ArrayList<>();
            if (reply != null) {
                reply.forEach(item -> entries.add(entry(item.getDelegate())));
            }
            return entries;
        });
    }

    /** The exchange's last event, or null when it has none. */
    Uni<Entry> last(String exchangeId) {
        return redis.execute("XREVRANGE", RedisKeys.exchangeEvents(exchangeId), "+", "-", "COUNT", "1").map(reply -> {
            if (reply == null || reply.size() == 0) {
                return null;
            }
            return entry(reply.get(0).getDelegate());
        });
    }

    /** One entry of an exchange's events stream as Redis answers it: its id, then its fields and values. */
    static Entry entry(Response item) {
        Response fields = item.get(1);
        long seq = -1;
        String event = null;
        String data = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case Entry.SEQ -> seq = Long.parseLong(value);
                case Entry.EVENT -> event = value;
                case Entry.DATA -> data = value;
                default -> {
                }
            }
        }
        return new Entry(item.get(0).toString(), seq, event, data);
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
