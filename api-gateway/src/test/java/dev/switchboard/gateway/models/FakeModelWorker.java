package dev.switchboard.gateway.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays an Ollama worker's side of model operations over the real Redis: reports a status, takes
 * operations from its control channel and answers as a worker does. A pull adds the model after
 * three progress lines; a pull of {@code endless…} reports progress until it is cancelled; a name
 * starting with {@code refused} is refused as an OpenAI-compatible server refuses.
 */
final class FakeModelWorker implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    final String id = "models-" + UUID.randomUUID().toString().substring(0, 8);
    final String pool = "models-test-" + UUID.randomUUID().toString().substring(0, 8);
    final String url = "http://127.0.0.1:1" + (int) (Math.random() * 9000 + 1000);
    final Set<String> models = ConcurrentHashMap.newKeySet();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> endless = new ConcurrentHashMap<>();
    private final ReactiveRedisDataSource redis;
    private final ReactiveRedisSubscriber control;

    FakeModelWorker(ReactiveRedisDataSource redis, String... served) {
        this.redis = redis;
        models.addAll(List.of(served));
        WorkerStatus status = new WorkerStatus(SchemaVersion.CURRENT, id, pool, "ollama", url, true,
                models.stream().map(name -> new ModelInfo(name, 8192, Set.of())).toList(), 0, 1, Instant.now());
        redis.value(String.class).setex(RedisKeys.workerStatus(id), 300, Codec.WORKER_STATUS.encodeToString(status))
                .await().atMost(WAIT);
        // Messages arrive on the event loop; answering waits for Redis, so it happens elsewhere.
        control = redis.pubsub(String.class).subscribe(RedisKeys.controlChannel(id),
                message -> Thread.ofVirtual().start(() -> on(message))).await().atMost(WAIT);
    }

    private void on(String message) {
        ModelOperation operation = Codec.MODEL_OPERATION.decode(message);
        String op = operation.operationId();
        switch (operation.kind()) {
            case CANCEL -> {
                cancelled.add(op);
                endless.remove(op);
            }
            case PULL -> pull(operation);
            case DELETE -> answer(operation, models.remove(operation.model())
                    ? ModelOperationEvent.done(op, id, url, null)
                    : ModelOperationEvent.failed(op, id, url, ErrorType.NOT_FOUND, "model '" + operation.model() + "' not found"));
            case SHOW -> {
                ObjectNode details = Json.mapper().createObjectNode().put("modelfile", "FROM " + operation.model());
                details.putArray("capabilities").add("completion");
                answer(operation, models.contains(operation.model()) ? ModelOperationEvent.done(op, id, url, details)
                        : ModelOperationEvent.failed(op, id, url, ErrorType.NOT_FOUND, "model '" + operation.model() + "' not found"));
            }
        }
    }

    private void pull(ModelOperation operation) {
        String op = operation.operationId();
        String model = operation.model();
        if (model.startsWith("refused")) {
            answer(operation, ModelOperationEvent.failed(op, id, url, ErrorType.INVALID_REQUEST, "cannot pull " + model + ": no pull API"));
            return;
        }
        answer(operation, ModelOperationEvent.progress(op, id, url, PullProgress.step("pulling manifest")));
        if (model.startsWith("endless")) {
            endless.put(op, true);
            for (long done = 0; endless.containsKey(op); done++) {
                answer(operation, ModelOperationEvent.progress(op, id, url, new PullProgress("pulling 6a07", "sha256:6a07", 1_000_000L, done)));
                sleep();
            }
            return;
        }
        answer(operation, ModelOperationEvent.progress(op, id, url, new PullProgress("pulling 6a07", "sha256:6a07", 100L, 100L)));
        answer(operation, ModelOperationEvent.progress(op, id, url, PullProgress.step(PullProgress.SUCCESS)));
        models.add(model);
        answer(operation, ModelOperationEvent.done(op, id, url, null));
    }

    private void answer(ModelOperation operation, ModelOperationEvent event) {
        redis.pubsub(String.class).publish(operation.replyChannel(), Codec.MODEL_OPERATION_EVENT.encodeToString(event))
                .await().atMost(WAIT);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        endless.clear();
        control.unsubscribe().await().atMost(WAIT);
        redis.key(String.class).del(RedisKeys.workerStatus(id)).await().atMost(WAIT);
    }
}
