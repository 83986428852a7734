package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Publishes one job's events to its reply channel strictly in order: each PUBLISH waits for the
 * previous one's reply, because a pooled client could otherwise send two of them on different
 * connections. Jobs publish in parallel; within a job, order is what matters.
 */
final class OrderedPublisher {

    private static final Logger LOG = Logger.getLogger(OrderedPublisher.class);

    private final ReactivePubSubCommands<String> pubsub;
    private final String channel;
    private final Queue<String> pending = new ArrayDeque<>();
    private boolean sending;

    OrderedPublisher(ReactiveRedisDataSource redis, String channel) {
        this.pubsub = redis.pubsub(String.class);
        this.channel = channel;
    }

    void publish(StreamEvent event) {
        String payload = Codec.EVENT.encodeToString(event);
        synchronized (this) {
            pending.add(payload);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        String payload;
        synchronized (this) {
            payload = pending.poll();
            if (payload == null) {
                sending = false;
                return;
            }
        }
        pubsub.publish(channel, payload).subscribe().with(
                ignored -> sendNext(),
                failure -> {
                    LOG.warnf("could not publish to %s: %s", channel, failure.getMessage());
                    sendNext();
                });
    }
}
