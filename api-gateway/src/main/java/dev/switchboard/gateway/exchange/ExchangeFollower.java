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
 * connection of its own ({@code XREAD BLOCK}) and hands over the events after a sequence number, in
 * stream order, until the stream is gone or, following one request (the client that sent the
 * user's message), from that request's {@code exchange_start} to its {@code exchange_end};
 * following the whole exchange (a client re-attaching), to an {@code exchange_end} after which the
 * exchange no longer answers (nothing follows it and no gateway holds the exchange).
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
    /** The request followed, or null for the whole exchange. */
    private final String requestId;
    private final Redis blocking;
    private final ExchangeStore store;
    private final Client client;
    private RedisConnection connection;
    private String lastId = "0";
    private boolean over;
    private boolean reading;
    /** The request's {@code exchange_start} was handed over (always, following the whole exchange). */
    private boolean begun;
    /** The last entry read is an {@code exchange_end}. */
    private boolean atEnd;
    /** The exchange was seen let go: one more read, without waiting, takes what was appended before that; then the stream ends. */
    private boolean lastLook;

    ExchangeFollower(String exchangeId, long afterSeq, String requestId, Redis blocking, ExchangeStore store, Client client) {
        this.exchangeId = exchangeId;
        this.afterSeq = afterSeq;
        this.requestId = requestId;
        this.begun = requestId == null;
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
        connection.send(Request.newInstance(ExchangeStore.read(exchangeId, lastId, BATCH, lastLook ? 1 : BLOCK_MS))).subscribe().with(
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
        for (ExchangeStore.Entry entry : entries) {
            lastId = entry.id();
            atEnd = entry.event().equals("exchange_end");
            if (entry.seq() <= afterSeq) {
                continue;
            }
            if (!begun && entry.event().equals("exchange_start") && requestId.equals(entry.json().path("request_id").asText(null))) {
                begun = true;
            }
            if (begun) {
                client.event(entry);
                if (atEnd && requestId != null) {
                    end(null);
                    return;
                }
            }
        }
        if (atEnd) {
            // Nothing follows the last exchange_end yet: more comes only while a gateway holds the exchange.
            store.answering(exchangeId).subscribe().with(answering -> {
                if (answering || !lastLook) {
                    // Let go, the exchange may still have appended a request after the events read so far
                    // (a waiting message answered at a stop): read once more before ending.
                    lastLook = !answering;
                    read();
                } else {
                    end(begun ? null : "lost the message: the exchange ended without answering it; send it again");
                }
            }, failure -> end("cannot reach Redis: " + failure.getMessage()));
        } else if (entries.isEmpty()) {
            store.exists(exchangeId).subscribe().with(kept -> {
                if (kept) {
                    read();
                } else {
                    end("the exchange is no longer kept");
                }
            }, failure -> end("cannot reach Redis: " + failure.getMessage()));
        } else {
            read();
        }
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
