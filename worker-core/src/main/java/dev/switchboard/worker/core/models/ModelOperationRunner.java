package dev.switchboard.worker.core.models;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelManagement;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.config.WorkerIdentity;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the model operations the gateway sends on this worker's control channel against the
 * backend ({@link ModelManagement}), and publishes what happens on each operation's reply channel:
 * a pull's progress, then done or the error. Events of one operation are published one after the
 * other, so they arrive in order. A cancel stops a running operation (its pull's connection closes).
 */
@ApplicationScoped
public class ModelOperationRunner {

    private static final Logger LOG = Logger.getLogger(ModelOperationRunner.class);

    private final ModelManagement models;
    private final ReactiveRedisDataSource redis;
    private final String workerId;
    private final String backendUrl;
    private final Map<String, Cancellable> running = new ConcurrentHashMap<>();

    public ModelOperationRunner(ModelManagement models, ReactiveRedisDataSource redis, WorkerIdentity identity,
                                WorkerConfig config) {
        this.models = models;
        this.redis = redis;
        this.workerId = identity.id();
        this.backendUrl = config.backendUrl();
    }

    /** Handles one control-channel message that {@link ModelOperation#isOperation} recognised. */
    public void accept(String message) {
        ModelOperation operation;
        try {
            operation = Codec.MODEL_OPERATION.decode(message);
        } catch (RuntimeException e) {
            LOG.warnf("an unreadable model operation was ignored: %s", e.getMessage());
            return;
        }
        if (operation.kind() == ModelOperation.Kind.CANCEL) {
            Cancellable cancellable = running.remove(operation.operationId());
            if (cancellable != null) {
                LOG.infof("model operation %s cancelled", operation.operationId());
                cancellable.cancel();
            }
            return;
        }
        LOG.infof("model operation %s: %s %s", operation.operationId(), operation.kind().wireName(), operation.model());
        events(operation)
                // Known as running before its first event, so that a cancel right behind it finds it.
                .onSubscription().invoke(subscription -> running.put(operation.operationId(), subscription::cancel))
                .onItem().transformToUniAndConcatenate(event -> publish(operation, event))
                .onTermination().invoke(() -> running.remove(operation.operationId()))
                .subscribe().with(ignored -> { }, failure -> LOG.warnf("model operation %s: its answer was not published: %s",
                        operation.operationId(), failure.getMessage()));
    }

    /** Everything the operation reports; it never fails, an error is its last event. */
    private Multi<ModelOperationEvent> events(ModelOperation operation) {
        String id = operation.operationId();
        Multi<ModelOperationEvent> outcome = switch (operation.kind()) {
            case PULL -> models.pull(operation.model())
                    .map(progress -> ModelOperationEvent.progress(id, workerId, backendUrl, progress))
                    .onCompletion().continueWith(ModelOperationEvent.done(id, workerId, backendUrl, null));
            case DELETE -> models.delete(operation.model())
                    .map(ignored -> ModelOperationEvent.done(id, workerId, backendUrl, null)).toMulti();
            case SHOW -> models.show(operation.model())
                    .map(details -> ModelOperationEvent.done(id, workerId, backendUrl, details)).toMulti();
            case CANCEL -> Multi.createFrom().empty();
        };
        return Multi.createFrom().deferred(() -> outcome).onFailure().recoverWithItem(failure -> failed(id, failure));
    }

    private ModelOperationEvent failed(String id, Throwable failure) {
        ErrorType type = failure instanceof BackendException backend ? backend.type() : ErrorType.BACKEND_ERROR;
        return ModelOperationEvent.failed(id, workerId, backendUrl, type, String.valueOf(failure.getMessage()));
    }

    private Uni<Void> publish(ModelOperation operation, ModelOperationEvent event) {
        return redis.pubsub(String.class).publish(operation.replyChannel(), Codec.MODEL_OPERATION_EVENT.encodeToString(event))
                .replaceWithVoid();
    }
}
