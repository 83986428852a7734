package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.messaging.KeptSubscription;
import dev.switchboard.worker.core.config.WorkerIdentity;
import dev.switchboard.worker.core.models.ModelOperationRunner;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Listens on this worker's control channel, across Redis restarts; a message there is the id of a
 * job to stop, or a model operation for {@link ModelOperationRunner}. The gateway sends a job's id
 * when a client disconnects or asks to cancel.
 */
@ApplicationScoped
public class CancelListener {

    private static final Logger LOG = Logger.getLogger(CancelListener.class);

    /** Gateways trust a missing subscription 3 s after Redis forgot it: this resubscribes well within that. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final RunningJobs running;
    private final ModelOperationRunner operations;
    private final KeptSubscription subscription;

    public CancelListener(ReactiveRedisDataSource redis, Vertx vertx, WorkerIdentity identity, RunningJobs running,
                          ModelOperationRunner operations) {
        this.running = running;
        this.operations = operations;
        // A cancel sent while the subscription is lost is lost too; the mark the gateway sets with it stays.
        this.subscription = new KeptSubscription(redis, vertx, RedisKeys.controlChannel(identity.id()), this::onMessage,
                CHECK_EVERY, () -> { });
    }

    void start(@Observes StartupEvent event) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    void onMessage(String message) {
        if (ModelOperation.isOperation(message)) {
            operations.accept(message);
            return;
        }
        String jobId = message.strip();
        if (running.cancel(jobId, "cancelled by the client")) {
            LOG.infof("job %s cancelled by the client", jobId);
        }
    }
}
