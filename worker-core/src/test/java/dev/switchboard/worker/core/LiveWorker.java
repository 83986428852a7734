package dev.switchboard.worker.core;

import dev.switchboard.contract.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;

import java.time.Duration;

/** Another worker, alive as far as Redis can tell: it reports a status and holds its control channel. */
final class LiveWorker implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ReactiveRedisDataSource redis;
    private final String id;
    private final ReactiveRedisSubscriber control;

    private LiveWorker(ReactiveRedisDataSource redis, String id, ReactiveRedisSubscriber control) {
        this.redis = redis;
        this.id = id;
        this.control = control;
    }

    static LiveWorker of(ReactiveRedisDataSource redis, String id) {
        redis.value(String.class).setex(RedisKeys.workerStatus(id), 60, "{}").await().atMost(WAIT);
        ReactiveRedisSubscriber control = redis.pubsub(String.class)
                .subscribe(RedisKeys.controlChannel(id), ignored -> { }).await().atMost(WAIT);
        return new LiveWorker(redis, id, control);
    }

    @Override
    public void close() {
        control.unsubscribe().await().atMost(WAIT);
        redis.key(String.class).del(RedisKeys.workerStatus(id)).await().atMost(WAIT);
    }
}
