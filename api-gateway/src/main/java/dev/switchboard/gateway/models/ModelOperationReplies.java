package dev.switchboard.gateway.models;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.contract.model.ModelOperationEvent;
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

/**
 * This gateway instance's channel for the workers' answers about model operations: one
 * subscription, taken at startup and kept across Redis restarts, whose events go to the operation
 * that registered for them (a subscription per operation would hold a Redis connection each).
 * When the subscription is lost, the operations listening fail: their answers sent meanwhile are gone.
 */
@ApplicationScoped
public class ModelOperationReplies {

    private static final Logger LOG = Logger.getLogger(ModelOperationReplies.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** Who waits for an operation's events. */
    interface Listener {
        void on(ModelOperationEvent event);

        void lost();
    }

    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private final KeptSubscription subscription;

    public ModelOperationReplies(ReactiveRedisDataSource redis, Vertx vertx, InstanceId instance) {
        this.subscription = new KeptSubscription(redis, vertx, RedisKeys.modelOperationReplies(instance.id()), this::onMessage,
                CHECK_EVERY, this::lost);
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    /** The channel workers answer this instance's operations on. */
    String name() {
        return subscription.channel();
    }

    boolean isLive() {
        return subscription.isLive();
    }

    void register(String operationId, Listener listener) {
        listeners.put(operationId, listener);
    }

    void unregister(String operationId) {
        listeners.remove(operationId);
    }

    private void lost() {
        listeners.values().forEach(Listener::lost);
    }

    private void onMessage(String payload) {
        ModelOperationEvent event;
        try {
            event = Codec.MODEL_OPERATION_EVENT.decode(payload);
        } catch (MalformedRecordException | IllegalArgumentException e) {
            LOG.warnf("ignored a message on %s that is not a model operation event: %s", name(), e.getMessage());
            return;
        }
        Listener listener = listeners.get(event.operationId());
        if (listener != null) {
            listener.on(event);
        }
    }
}
