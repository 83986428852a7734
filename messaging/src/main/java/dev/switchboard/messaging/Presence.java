package dev.switchboard.messaging;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which processes are alive, read from Redis in one round trip. Each gateway and worker holds a
 * pub/sub subscription to a channel of its own for as long as it lives (a gateway's reply channel,
 * a worker's control channel). When the process dies, the kernel closes its socket and Redis drops
 * the subscription at once: a channel with no subscriber names a process that is gone, seconds
 * before any status key it wrote could expire.
 *
 * <p>One exception: a Redis that restarted has forgotten every subscriber, the living included,
 * until each subscribes again. So whoever asks includes its own channel, and when that has no
 * subscriber either, the answer says nothing about the others ({@link Counts#trustworthy()}).
 */
public final class Presence {

    private Presence() {
    }

    /** Subscriber counts of a set of channels, asked together with the asker's own. */
    public record Counts(boolean trustworthy, Map<String, Long> subscribers) {

        /** True when the channel has a subscriber; a channel not asked about counts as absent. */
        public boolean present(String channel) {
            return subscribers.getOrDefault(channel, 0L) > 0;
        }
    }

    /** {@code PUBSUB NUMSUB} of the channels, one round trip. */
    public static Uni<Map<String, Long>> subscribers(ReactiveRedisDataSource redis, Collection<String> channels) {
        if (channels.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> args = new ArrayList<>(channels.size() + 1);
        args.add("NUMSUB");
        args.addAll(channels);
        return redis.execute("PUBSUB", args.toArray(String[]::new)).map(Presence::counts);
    }

    /**
     * The counts of {@code channels}, trustworthy only when {@code own}, the asker's channel, has a
     * subscriber: then Redis has not forgotten its subscribers since they subscribed.
     */
    public static Uni<Counts> of(ReactiveRedisDataSource redis, String own, Collection<String> channels) {
        List<String> asked = new ArrayList<>(channels);
        asked.add(own);
        return subscribers(redis, asked).map(counts -> new Counts(counts.getOrDefault(own, 0L) > 0, counts));
    }

    /** PUBSUB NUMSUB answers channel, count, channel, count, … */
    static Map<String, Long> counts(Response reply) {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            counts.put(reply.get(i).toString(), reply.get(i + 1).toLong());
        }
        return counts;
    }
}
