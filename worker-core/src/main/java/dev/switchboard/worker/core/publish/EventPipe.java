package dev.switchboard.worker.core.publish;

import io.quarkus.runtime.Startup;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The one Redis connection that carries every job's events, pipelined: a command is written as soon
 * as it is given, without waiting for the reply to the one before. Redis runs a connection's
 * commands in the order they arrive, so each job's events stay in order without a round trip apiece.
 * (A pooled client sends one command per borrowed connection and so had to wait for each reply; at a
 * few hundred concurrent streams those waits were what limited the tokens relayed per second.)
 *
 * <p>Commands are handed to one event loop, the one the connection is opened on, and written from
 * there, so they leave in the order they were given whichever thread gave them, with one hand-over
 * between threads per command. While the connection is being opened they wait in a backlog;
 * when Redis cannot be reached they are dropped, and the gateway, which cannot hear anything from a
 * Redis that is down either, ends the streams it stops hearing from.
 */
@ApplicationScoped
@Startup // made on the main thread, so that its event loop is one of its own, not a caller's
public class EventPipe {

    private static final Logger LOG = Logger.getLogger(EventPipe.class);
    /** Commands kept while the connection opens; more are dropped. */
    static final int MAX_BACKLOG = 100_000;
    /** After a failed connect, commands are dropped for this long before the next attempt. */
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Redis redis;
    /** The event loop that opens the connection and runs everything below. */
    private final Context loop;
    // Everything below is only touched on the pipe's event loop.
    private final Queue<Request> backlog = new ArrayDeque<>();
    private RedisConnection connection;
    private boolean connecting;
    private long retryAfter;
    private long dropped;

    public EventPipe(Redis redis, Vertx vertx) {
        this.redis = redis;
        this.loop = vertx.getOrCreateContext();
    }

    @PreDestroy
    void close() {
        loop.runOnContext(ignored -> {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        });
    }

    /** Sends the command after every command given before it; never waits. */
    void send(Request command) {
        loop.runOnContext(ignored -> dispatch(command));
    }

    private void dispatch(Request command) {
        if (connection != null) {
            write(connection, command);
        } else if (System.nanoTime() - retryAfter < 0 || backlog.size() >= MAX_BACKLOG) {
            drop(1);
        } else {
            backlog.add(command);
            connect();
        }
    }

    private void connect() {
        if (connecting) {
            return;
        }
        connecting = true;
        redis.connect().onComplete(result -> loop.runOnContext(ignored -> opened(result)));
    }

    private void opened(AsyncResult<RedisConnection> result) {
        connecting = false;
        if (result.failed()) {
            LOG.warnf("cannot open the connection for job events to Redis: %s", result.cause().getMessage());
            retryAfter = System.nanoTime() + RECONNECT_PAUSE_NANOS;
            drop(backlog.size());
            backlog.clear();
            return;
        }
        RedisConnection opened = result.result();
        opened.exceptionHandler(failure -> loop.runOnContext(ignored -> lost(opened, failure.getMessage())));
        opened.endHandler(ignored -> loop.runOnContext(none -> lost(opened, "closed by Redis")));
        connection = opened;
        if (dropped > 0) {
            LOG.warnf("the connection for job events is open again; %d commands were dropped while it was not", dropped);
            dropped = 0;
        }
        Request waiting;
        while ((waiting = backlog.poll()) != null) {
            write(opened, waiting);
        }
    }

    private void write(RedisConnection to, Request command) {
        to.send(command).onFailure(failure -> loop.runOnContext(ignored -> {
            drop(1);
            // PUBLISH and SET do not fail on a sound connection: this one is broken.
            lost(to, failure.getMessage());
        }));
    }

    private void lost(RedisConnection which, String why) {
        if (connection == which) {
            LOG.warnf("the connection for job events to Redis is lost (%s); it is reopened on the next event", why);
            connection = null;
            which.close();
        }
    }

    private void drop(long count) {
        if (dropped == 0 && count > 0) {
            LOG.warn("job events are being dropped: Redis does not take them");
        }
        dropped += count;
    }
}
