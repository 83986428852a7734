package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.gateway.config.InstanceId;
import dev.switchboard.messaging.KeptSubscription;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This gateway instance's Redis reply channel. It is subscribed at startup, before any job is
 * published, and kept subscribed across Redis restarts; events are handed to the job that
 * registered for them. When the subscription is lost, the jobs listening end with an error (their
 * events sent meanwhile are gone), and new jobs are refused until it is back.
 */
@ApplicationScoped
public class ReplyChannel {

    private static final Logger LOG = Logger.getLogger(ReplyChannel.class);

    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Map<String, JobListener> listeners = new ConcurrentHashMap<>();
    private final KeptSubscription subscription;
    private final WorkerWatch workers;

    public ReplyChannel(ReactiveRedisDataSource redis, Vertx vertx, InstanceId instance, WorkerWatch workers) {
        this.workers = workers;
        this.subscription = new KeptSubscription(redis, vertx, RedisKeys.replyChannel(instance.id()), this::onMessage,
                CHECK_EVERY, this::lost);
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    /** The channel workers publish this instance's job events to. */
    public String name() {
        return subscription.channel();
    }

    /** Whether job events reach this gateway now. */
    public boolean isSubscribed() {
        return subscription.isLive();
    }

    private void lost() {
        // The workers' subscriptions went with this one; they come back on their own.
        workers.subscribersForgotten();
        listeners.forEach((jobId, listener) -> listener.lost(jobId,
                "the gateway lost its connection to Redis, which carries the answer; the answer is incomplete"));
    }

    /** Starts handing the job's events, in sequence order, to {@code downstream}. */
    void register(String jobId, Consumer<StreamEvent> downstream) {
        listeners.put(jobId, new JobListener(downstream));
    }

    void unregister(String jobId) {
        listeners.remove(jobId);
    }

    private void onMessage(String payload) {
        StreamEvent event;
        try {
            event = Codec.EVENT.decode(payload);
        } catch (MalformedRecordException e) {
            LOG.warnf("ignored a message on %s that is not a stream event: %s", name(), e.getMessage());
            return;
        }
        JobListener listener = listeners.get(event.jobId());
        if (listener != null) {
            listener.accept(event);
        }
    }
}
