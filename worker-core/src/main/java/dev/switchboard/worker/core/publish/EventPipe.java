package dev.switchboard.worker.core.publish;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one Redis connection that carries every job's events, pipelined: a command is written as soon
 * as it is given, without waiting for the reply to the one before. Redis runs a connection's
 * commands in the order they arrive, so each job's events stay in order without a round trip apiece.
 * (A pooled client sends one command per borrowed connection and so had to wait for each reply; at a
 * few hundred concurrent streams those waits were what limited the tokens relayed per second.)
 *
 * <p>Commands join one queue, in the order they were given whichever thread gave them, and are written
 * from the connection's own event loop: all those given since its last turn go out in one write (one
 * system call, and one read for Redis), so a busy worker does not pay a write per token, and no command
 * waits for another thread than the connection's. While the connection is being opened they wait in a
 * backlog; when Redis cannot be reached they are dropped, and the gateway, which cannot hear anything
 * from a Redis that is down either, ends the streams it stops hearing from.
 */
@ApplicationScoped
public class EventPipe {

    private static final Logger LOG = Logger.getLogger(EventPipe.class);
    /** Commands kept while the connection opens; more are dropped. */
    static final int MAX_BACKLOG = 100_000;
    /** After a failed connect, commands are dropped for this long before the next attempt. */
    private static final long RECONNECT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Redis redis;
    /** The event loop the connection is opened from, and so the one it runs on. */
    private final Context loop;
    private final Queue<Request> given = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    // Everything below is only touched on the loop.
    private final List<Request> backlog = new ArrayList<>();
    private RedisConnection connection;
    private boolean connecting;
    private long retryAfter;
    private long dropped;

    public EventPipe(Redis redis, Vertx vertx) {
        this.redis = redis;
        // A context of its own: whichever thread first needs the pipe, its writes stay on one event loop.
        this.loop = ((VertxInternal) vertx).createEventLoopContext();
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
        given.add(command);
        if (drainPending.compareAndSet(false, true)) {
            loop.runOnContext(ignored -> drain());
        }
    }

    /** On the loop: everything given so far, in order, in one write. */
    private void drain() {
        drainPending.set(false);
        List<Request> commands = new ArrayList<>();
        Request next;
        while ((next = given.poll()) != null) {
            commands.add(next);
        }
        if (commands.isEmpty()) {
            return;
        }
        if (connection != null) {
            write(connection, commands);
        } else if (System.nanoTime() - retryAfter < 0) {
            drop(commands.size());
        } else {
            int room = MAX_BACKLOG - backlog.size();
            if (commands.size() > room) {
                drop(commands.size() - room);
                commands = commands.subList(0, Math.max(0, room));
            }
            backlog.addAll(commands);
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
        opened.endHandler(ignored -> loop.runOnContext(ignoredToo -> lost(opened, "closed by Redis")));
        connection = opened;
        if (dropped > 0) {
            LOG.warnf("the connection for job events is open again; %d commands were dropped while it was not", dropped);
            dropped = 0;
        }
        if (!backlog.isEmpty()) {
            List<Request> waiting = new ArrayList<>(backlog);
            backlog.clear();
            write(opened, waiting);
        }
    }

    private void write(RedisConnection to, List<Request> commands) {
        if (commands.size() == 1) {
            to.send(commands.getFirst()).onFailure(failure -> broken(to, failure));
        } else {
            to.batch(commands).onFailure(failure -> broken(to, failure));
        }
    }

    private void broken(RedisConnection which, Throwable failure) {
        loop.runOnContext(ignored -> {
            drop(1);
            // PUBLISH, XADD and SET do not fail on a sound connection: this one is broken.
            lost(which, failure.getMessage());
        });
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
