package dev.switchboard.gateway.exchange;

import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows one exchange's events stream for one client: reads it from the first entry on a Redis
 * connection of its own ({@code XREAD BLOCK}) and hands over the events after a sequence number,
 * in stream order, until the {@code exchange_end} of the request it follows, or until the stream is
 * gone.
 */
final class ExchangeFollower {

    /** What the client is told. */
    interface Client {
        void event(ExchangeStore.Entry entry);

        /** The exchange ended (its {@code exchange_end} was handed over), or its events are no longer kept. */
        void ended(String problem);
    }

    private static final long BLOCK_MS = 5_000;
    private static final int BATCH = 500;

    private final String exchangeId;
    private final long afterSeq;
    private final Redis blocking;
    private final ExchangeStore store;
    private final Client client;
    private RedisConnection connection;
    private String lastId = "0";
    private boolean over;
    private boolean reading;

    ExchangeFollower(String exchangeId, long afterSeq, Redis blocking, ExchangeStore store, Client client) {
        this.exchangeId = exchangeId;
        this.afterSeq = afterSeq;
        this.blocking = blocking;
        this.store = store;
        this.client = client;
    }

    void start() {
        blocking.connect().subscribe().with(this::opened, failure -> end("cannot reach Redis: " + failure.getMessage()));
    }

    /** The client went away. */
    synchronized void stop() {
        over = true;
        if (!reading) {
            release();
        }
    }

    private synchronized void opened(RedisConnection opened) {
        connection = opened;
        if (over) {
            release();
            return;
        }
        read();
    }

    private synchronized void read() {
        if (over) {
            release();
            return;
        }
        reading = true;
        connection.send(Request.newInstance(ExchangeStore.read(exchangeId, lastId, BATCH, BLOCK_MS))).subscribe().with(
                reply -> onRead(reply == null ? null : reply.getDelegate()),
                failure -> {
                    synchronized (this) {
                        reading = false;
                    }
                    end("lost its connection to Redis: " + failure.getMessage());
                });
    }

    private void onRead(Response reply) {
        synchronized (this) {
            reading = false;
            if (over) {
                release();
                return;
            }
        }
        List<ExchangeStore.Entry> entries = entries(reply);
        if (entries.isEmpty()) {
            store.exists(exchangeId).subscribe().with(kept -> {
                if (kept) {
                    read();
                } else {
                    end("the exchange is no longer kept");
                }
            }, failure -> end("cannot reach Redis: " + failure.getMessage()));
            return;
        }
        for (ExchangeStore.Entry entry : entries) {
            lastId = entry.id();
            if (entry.seq() > afterSeq) {
                client.event(entry);
                if (entry.event().equals("exchange_end")) {
                    end(null);
                    return;
                }
            }
        }
        read();
    }

    private void end(String problem) {
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
            if (!reading) {
                release();
            }
        }
        client.ended(problem);
    }

    private void release() {
        if (connection != null) {
            connection.close().subscribe().with(ignored -> { }, ignored -> { });
            connection = null;
        }
    }

    /** The entries of an XREAD reply on one stream; none when it timed out. */
    private static List<ExchangeStore.Entry> entries(Response reply) {
        List<ExchangeStore.Entry> entries = new ArrayList<>();
        if (reply == null) {
            return entries;
        }
        // RESP3 answers {key: [[id, [field, value, …]], …]}; RESP2 [[key, [[id, [field, value, …]], …]]].
        Response stream = reply.isMap() ? reply.get(reply.getKeys().iterator().next()) : reply.get(0).get(1);
        for (Response item : stream) {
            entries.add(ExchangeStore.entry(item));
        }
        return entries;
    }
}
