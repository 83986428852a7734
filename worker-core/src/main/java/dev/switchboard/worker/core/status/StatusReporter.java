package dev.switchboard.worker.core.status;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.config.CloudRule;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.config.WorkerIdentity;
import dev.switchboard.worker.core.jobs.JobConsumer;
import dev.switchboard.messaging.OneRoundAtATime;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Publishes this worker's status every few seconds: a Redis key that expires when the worker
 * stops reporting, and a message on the status channel. The gateway routes by it.
 */
@ApplicationScoped
public class StatusReporter {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** A report (the probe included) that has not ended by then is given up, so that the next one runs. */
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(20);

    private final InferenceBackend backend;
    private final BackendProbe probe;
    private final ModelSource models;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final JobConsumer consumer;
    private final CloudRule cloud;
    private final OneRoundAtATime reports = new OneRoundAtATime(ROUND_LIMIT);
    private volatile List<ModelInfo> lastModels = List.of();
    private long timer = -1;

    public StatusReporter(InferenceBackend backend, BackendProbe probe, ModelSource models, ReactiveRedisDataSource redis,
                          Vertx vertx, WorkerConfig config, WorkerIdentity identity, JobConsumer consumer, CloudRule cloud) {
        this.backend = backend;
        this.probe = probe;
        this.models = models;
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
        this.identity = identity;
        this.consumer = consumer;
        this.cloud = cloud;
    }

    void start(@Observes StartupEvent event) {
        report();
        timer = vertx.setPeriodic(config.statusInterval().toMillis(), ignored -> report());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // Leave routing at once rather than when the status expires.
        redis.key(String.class).del(RedisKeys.workerStatus(identity.id()))
                .await().atMost(Duration.ofSeconds(2));
    }

    /** Cloud models are not offered unless allowed, so that no alias or fallback can reach one. */
    private List<ModelInfo> offerable(List<ModelInfo> models) {
        return models.stream().filter(model -> cloud.allows(model.name())).toList();
    }

    /** Builds the current status: the backend probed, its models listed. */
    public Uni<WorkerStatus> current() {
        Uni<Boolean> reachable = probe.probe().ifNoItem().after(PROBE_TIMEOUT).fail()
                .map(answer -> true)
                .onFailure().recoverWithItem(false);
        return reachable.chain(up -> (up ? models.models().ifNoItem().after(PROBE_TIMEOUT).fail()
                        .map(this::offerable)
                        .invoke(listed -> lastModels = listed)
                        .onFailure().recoverWithItem(() -> lastModels)
                        : Uni.createFrom().item(lastModels))
                .map(served -> new WorkerStatus(SchemaVersion.CURRENT, identity.id(), identity.pool(), backend.kind(),
                        config.backendUrl(), up, served, consumer.inFlight(), config.capacity(), Instant.now())));
    }

    private void report() {
        reports.run(() -> current().chain(status -> {
                    String json = Codec.WORKER_STATUS.encodeToString(status);
                    return redis.value(String.class)
                            .setex(RedisKeys.workerStatus(identity.id()), config.statusTtl().toSeconds(), json)
                            .chain(() -> redis.pubsub(String.class).publish(RedisKeys.workerStatusChannel(), json));
                }), ignored -> { }, failure -> LOG.warnf("status not published: %s", failure.getMessage()));
    }
}
