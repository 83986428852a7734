package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.gateway.config.InstanceId;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This gateway instance's Redis reply channel. It is subscribed once, at startup, before any job
 * is published; events are handed to the job that registered for them.
 */
@ApplicationScoped
public class ReplyChannel {

    private static final Logger LOG = Logger.getLogger(ReplyChannel.class);

    private final ReactiveRedisDataSource redis;
    private final String name;
    private final Map<String, JobListener> listeners = new ConcurrentHashMap<>();
    private volatile boolean subscribed;

    public ReplyChannel(ReactiveRedisDataSource redis, InstanceId instance) {
        this.redis = redis;
        this.name = RedisKeys.replyChannel(instance.id());
    }

    void start(@Observes StartupEvent event) {
        redis.pubsub(String.class).subscribe(name, this::onMessage)
                .subscribe().with(
                        subscriber -> {
                            subscribed = true;
                            LOG.infof("listening for job events on %s", name);
                        },
                        failure -> LOG.errorf(failure, "cannot subscribe to %s", name));
    }

    /** The channel workers publish this instance's job events to. */
    public String name() {
        return name;
    }

    public boolean isSubscribed() {
        return subscribed;
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
            LOG.warnf("ignored a message on %s that is not a stream event: %s", name, e.getMessage());
            return;
        }
        JobListener listener = listeners.get(event.jobId());
        if (listener != null) {
            listener.accept(event);
        }
    }
}
