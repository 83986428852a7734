package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.worker.core.config.WorkerIdentity;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Listens on this worker's control channel; a message there is the id of a job to stop. The
 * gateway sends it when a client disconnects or asks to cancel.
 */
@ApplicationScoped
public class CancelListener {

    private static final Logger LOG = Logger.getLogger(CancelListener.class);

    private final ReactiveRedisDataSource redis;
    private final WorkerIdentity identity;
    private final RunningJobs running;

    public CancelListener(ReactiveRedisDataSource redis, WorkerIdentity identity, RunningJobs running) {
        this.redis = redis;
        this.identity = identity;
        this.running = running;
    }

    void start(@Observes StartupEvent event) {
        redis.pubsub(String.class)
                .subscribe(RedisKeys.controlChannel(identity.id()), this::onCancel)
                .subscribe().with(
                        subscriber -> LOG.debugf("listening for cancels on %s", RedisKeys.controlChannel(identity.id())),
                        failure -> LOG.errorf(failure, "cannot listen for cancels"));
    }

    void onCancel(String jobId) {
        if (running.cancel(jobId.strip(), "cancelled by the client")) {
            LOG.infof("job %s cancelled by the client", jobId);
        }
    }
}
