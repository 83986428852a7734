package dev.switchboard.gateway.routing;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.messaging.OneRoundAtATime;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live picture of the workers, read from their status keys in Redis. A worker that stops
 * reporting disappears when its key expires.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final RoutingConfig config;
    private final OneRoundAtATime refreshes = new OneRoundAtATime(Duration.ofSeconds(10));
    private volatile List<WorkerStatus> workers = List.of();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final Set<String> poolsSeen = ConcurrentHashMap.newKeySet();

    public ModelRegistry(ReactiveRedisDataSource redis, Vertx vertx, RoutingConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> { }, failure -> { });
        vertx.setPeriodic(config.registryRefresh().toMillis(), ignored -> refreshes.run(this::refresh, none -> { }, failure -> { }));
    }

    /** The workers that reported within their status lifetime. */
    public List<WorkerStatus> workers() {
        return workers;
    }

    /** When this gateway first saw a worker serve the model; Anthropic's model list calls it {@code created_at}. */
    public Instant firstSeen(String model) {
        return firstSeen.getOrDefault(model, Instant.now());
    }

    /** Every model a worker has served since this gateway started. */
    public Set<String> modelsSeen() {
        return Set.copyOf(firstSeen.keySet());
    }

    /** Every pool a worker has reported from since this gateway started. */
    public Set<String> poolsSeen() {
        return Set.copyOf(poolsSeen);
    }

    /** Reads every worker status now. */
    public Uni<List<WorkerStatus>> refresh() {
        return redis.key(String.class).scan(new KeyScanArgs().match(RedisKeys.workerStatusPattern()).count(1000))
                .toMulti().collect().asList()
                .chain(keys -> keys.isEmpty()
                        ? Uni.createFrom().item(Map.<String, String>of())
                        : redis.value(String.class).mget(keys.toArray(String[]::new)))
                .map(values -> {
                    List<WorkerStatus> statuses = new ArrayList<>();
                    values.forEach((key, json) -> {
                        if (json == null) {
                            return;
                        }
                        try {
                            statuses.add(Codec.WORKER_STATUS.decode(json));
                        } catch (MalformedRecordException e) {
                            LOG.warnf("ignored worker status %s: %s", key, e.getMessage());
                        }
                    });
                    workers = List.copyOf(statuses);
                    Instant now = Instant.now();
                    statuses.forEach(status -> {
                        poolsSeen.add(status.pool());
                        status.models().forEach(model -> firstSeen.putIfAbsent(model.name(), now));
                    });
                    return workers;
                })
                .onFailure().invoke(failure -> LOG.warnf("worker statuses not read: %s", failure.getMessage()));
    }
}
