package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * Publishes one job's events to its reply channel strictly in order: each command waits for the
 * previous one's reply, because a pooled client could otherwise send two of them on different
 * connections. Jobs publish in parallel; within a job, order is what matters. A mark (a key set
 * before a given event) takes its place in the same order.
 */
final class OrderedPublisher {

    private static final Logger LOG = Logger.getLogger(OrderedPublisher.class);

    /** How long a mark lasts: longer than any generation. */
    private static final Duration MARK_TTL = Duration.ofHours(6);

    private final ReactiveRedisDataSource redis;
    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private final Queue<Supplier<Uni<?>>> pending = new ArrayDeque<>();
    private boolean sending;

    OrderedPublisher(ReactiveRedisDataSource redis, String channel) {
        this.redis = redis;
        this.pubsub = redis.pubsub(String.class);
        this.channel = channel;
    }

    void publish(StreamEvent event) {
        String payload = Codec.EVENT.encodeToString(event);
        enqueue(() -> pubsub.publish(channel, payload));
    }

    /** Sets the key, after everything published before and before everything published after. */
    void mark(String key) {
        enqueue(() -> redis.value(String.class).setex(key, MARK_TTL.toSeconds(), "1"));
    }

    private void enqueue(Supplier<Uni<?>> command) {
        synchronized (this) {
            pending.add(command);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        Supplier<Uni<?>> command;
        synchronized (this) {
            command = pending.poll();
            if (command == null) {
                sending = false;
                return;
            }
        }
        command.get().subscribe().with(
                ignored -> sendNext(),
                failure -> {
                    LOG.warnf("could not publish to %s: %s", channel, failure.getMessage());
                    sendNext();
                });
    }
}
