package dev.switchboard.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.gateway.routing.BackendServers;
import dev.switchboard.gateway.routing.ModelRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Model operations on the backend servers behind the workers: pull, delete and show, for every
 * front that offers them. Each runs through the workers' Redis control channels, not the pools' job
 * queues (where it would wait behind generations and reach one worker of a pool): the gateway
 * registers for the operation's answers on its own reply channel ({@link ModelOperationReplies}), then sends
 * the operation to the chosen workers
 * ({@link OperationTargets}), which call their backend's API and answer in order. A subscriber
 * that cancels (a client that hangs up) cancels the operation on every worker.
 *
 * <p>Failures are {@link ModelOperationException}s typed like backend failures: NOT_FOUND for a
 * model no server has, INVALID_REQUEST for what a backend cannot do (an OpenAI-compatible server
 * cannot pull), OVERLOADED when no worker can be reached.
 */
@ApplicationScoped
public class ModelOperations {

    private static final Logger LOG = Logger.getLogger(ModelOperations.class);

    private final ModelRegistry registry;
    private final ModelOperationReplies replies;
    private final ReactiveRedisDataSource redis;
    private final ModelOperationsConfig config;

    public ModelOperations(ModelRegistry registry, ModelOperationReplies replies, ReactiveRedisDataSource redis,
                           ModelOperationsConfig config) {
        this.registry = registry;
        this.replies = replies;
        this.redis = redis;
        this.config = config;
    }

    /**
     * Pulls {@code name} ({@code pool/model}, or a model for every Ollama pool) onto every backend
     * server concerned: Ollama's progress lines, added up over the servers, ending with one
     * {@code success} once every server succeeded.
     */
    public Multi<PullProgress> pull(String name) {
        return Multi.createFrom().deferred(() -> {
            OperationTargets.Plan plan = OperationTargets.everyServer(name, registry.workers(), registry.poolsSeen());
            PullTally tally = new PullTally(plan.workers().stream().map(worker -> server(worker.backendUrl())).toList());
            return Multi.createBy().merging().streams(plan.workers().stream()
                            .map(worker -> run(worker, ModelOperation.Kind.PULL, plan.model())).toList())
                    .onItem().transformToIterable(event -> switch (event.type()) {
                        case PROGRESS -> tally.on(server(event.backendUrl()), event.progress()).stream().toList();
                        case DONE -> tally.finished(server(event.backendUrl())).stream().toList();
                        case ERROR -> throw failure(event, plan);
                    });
        });
    }

    /** Deletes {@code name} from every backend server concerned; NOT_FOUND when none had it. */
    public Uni<Void> delete(String name) {
        return Uni.createFrom().deferred(() -> {
            OperationTargets.Plan plan = OperationTargets.everyServer(name, registry.workers(), registry.poolsSeen());
            return Uni.join().all(plan.workers().stream()
                            .map(worker -> run(worker, ModelOperation.Kind.DELETE, plan.model()).collect().last())
                            .toList())
                    .andFailFast()
                    .invoke(outcomes -> {
                        for (ModelOperationEvent outcome : outcomes) {
                            if (outcome.type() == ModelOperationEvent.Type.ERROR && outcome.errorType() != ErrorType.NOT_FOUND) {
                                throw failure(outcome, plan);
                            }
                        }
                        if (outcomes.stream().noneMatch(outcome -> outcome.type() == ModelOperationEvent.Type.DONE)) {
                            throw ModelOperationException.notFound("model '" + plan.model() + "' not found");
                        }
                    })
                    .replaceWithVoid();
        });
    }

    /**
     * The details of {@code name} in Ollama's {@code /api/show} shape ({@code modelfile},
     * {@code parameters}, {@code template}, {@code details}, {@code model_info},
     * {@code capabilities}), from a worker that serves it; NOT_FOUND when none does.
     */
    public Uni<JsonNode> show(String name) {
        return Uni.createFrom().deferred(() -> {
            OperationTargets.Plan plan = OperationTargets.oneServing(name, registry.workers(), registry.poolsSeen());
            return run(plan.workers().getFirst(), ModelOperation.Kind.SHOW, plan.model()).collect().last()
                    .map(outcome -> {
                        if (outcome.type() == ModelOperationEvent.Type.ERROR) {
                            throw failure(outcome, plan);
                        }
                        return outcome.details();
                    });
        });
    }

    /**
     * One operation on one worker: its events until the last (done or error). Listens before it
     * sends, so that no answer is missed; a subscriber that leaves first cancels it on the worker.
     */
    private Multi<ModelOperationEvent> run(WorkerStatus worker, ModelOperation.Kind kind, String model) {
        String id = UUID.randomUUID().toString();
        Multi<ModelOperationEvent> events = Multi.createFrom().emitter(emitter -> {
            AtomicBoolean ended = new AtomicBoolean();
            replies.register(id, new ModelOperationReplies.Listener() {
                @Override
                public void on(ModelOperationEvent event) {
                    if (event.type() == ModelOperationEvent.Type.PROGRESS) {
                        emitter.emit(event);
                    } else if (ended.compareAndSet(false, true)) {
                        emitter.emit(event);
                        emitter.complete();
                    }
                }

                @Override
                public void lost() {
                    emitter.fail(ModelOperationException.unavailable("the gateway lost its connection to Redis, which carries "
                            + "the answer about " + kind.wireName() + " " + model));
                }
            });
            emitter.onTermination(() -> {
                replies.unregister(id);
                if (ended.compareAndSet(false, true)) {
                    send(worker, ModelOperation.cancel(id)).subscribe().with(ignored -> { }, failure -> { });
                }
            });
            if (!replies.isLive()) {
                emitter.fail(ModelOperationException.unavailable("the gateway is not connected to Redis now"));
                return;
            }
            LOG.debugf("model operation %s: %s %s on %s (%s)", id, kind.wireName(), model, worker.workerId(), worker.backendUrl());
            send(worker, ModelOperation.of(id, kind, model, replies.name())).subscribe().with(receivers -> {
                if (receivers == 0) {
                    emitter.fail(ModelOperationException.unavailable("worker " + worker.workerId()
                            + " does not listen on its control channel; it may have just stopped"));
                }
            }, emitter::fail);
        });
        return events.ifNoItem().after(config.idleTimeout()).failWith(() -> ModelOperationException.unavailable(
                "worker " + worker.workerId() + " said nothing about " + kind.wireName() + " " + model + " for "
                        + config.idleTimeout().toSeconds() + " s (switchboard.model-operations.idle-timeout)"));
    }

    /** PUBLISH on the worker's control channel; how many listeners got it. */
    private Uni<Long> send(WorkerStatus worker, ModelOperation operation) {
        return redis.execute("PUBLISH", RedisKeys.controlChannel(worker.workerId()), Codec.MODEL_OPERATION.encodeToString(operation))
                .map(reply -> reply.toLong());
    }

    private static ModelOperationException failure(ModelOperationEvent event, OperationTargets.Plan plan) {
        String where = plan.workers().size() > 1 ? " (on " + event.backendUrl() + ")" : "";
        return new ModelOperationException(event.errorType() == null ? ErrorType.BACKEND_ERROR : event.errorType(),
                event.message() + where);
    }

    private static String server(String url) {
        return BackendServers.normalize(url);
    }
}
