package dev.switchboard.worker.core;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.worker.core.config.WorkerIdentity;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Model operations over the worker's real control channel in Redis, answered on their reply channels. */
@QuarkusTest
@WithTestResource(UniquePool.class)
class ModelOperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    WorkerIdentity identity;
    @Inject
    ScriptedModels models;

    private final List<ReactiveRedisSubscriber> subscribers = new CopyOnWriteArrayList<>();

    @AfterEach
    void unsubscribe() {
        subscribers.forEach(subscriber -> subscriber.unsubscribe().await().atMost(WAIT));
    }

    @Test
    void aPullReportsItsProgressInOrderThenDoneAndTheModelIsThere() {
        List<ModelOperationEvent> events = run(ModelOperation.Kind.PULL, "tiny:1b");

        await().atMost(WAIT).until(() -> !events.isEmpty() && events.getLast().type() != ModelOperationEvent.Type.PROGRESS);
        assertThat(events).extracting(event -> event.type() == ModelOperationEvent.Type.PROGRESS ? event.progress().status()
                : event.type().wireName()).containsExactly("pulling manifest", "pulling abc", "success", "done");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.workerId()).isEqualTo(identity.id());
            assertThat(event.backendUrl()).isNotBlank();
        });

        List<ModelOperationEvent> shown = run(ModelOperation.Kind.SHOW, "tiny:1b");
        await().atMost(WAIT).until(() -> !shown.isEmpty());
        assertThat(shown.getFirst().details().path("modelfile").asText()).isEqualTo("FROM tiny:1b");
    }

    @Test
    void aFailureIsTheLastEventWithItsType() {
        List<ModelOperationEvent> events = run(ModelOperation.Kind.DELETE, "never-pulled:1b");

        await().atMost(WAIT).until(() -> !events.isEmpty());
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ModelOperationEvent.Type.ERROR);
            assertThat(event.errorType()).isEqualTo(ErrorType.NOT_FOUND);
            assertThat(event.message()).isEqualTo("model 'never-pulled:1b' not found");
        });
    }

    @Test
    void aCancelStopsARunningPull() {
        int before = models.cancelledPulls.get();
        String id = UUID.randomUUID().toString();
        List<ModelOperationEvent> events = run(id, ModelOperation.Kind.PULL, "endless:70b");
        await().atMost(WAIT).until(() -> events.size() >= 3);

        send(ModelOperation.cancel(id));

        await().atMost(WAIT).until(() -> models.cancelledPulls.get() == before + 1);
        int seen = events.size();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> events.size() <= seen + 1);
    }

    private List<ModelOperationEvent> run(ModelOperation.Kind kind, String model) {
        return run(UUID.randomUUID().toString(), kind, model);
    }

    private List<ModelOperationEvent> run(String id, ModelOperation.Kind kind, String model) {
        String channel = RedisKeys.modelOperationReplies(id);
        List<ModelOperationEvent> events = new CopyOnWriteArrayList<>();
        subscribers.add(redis.pubsub(String.class)
                .subscribe(channel, message -> events.add(Codec.MODEL_OPERATION_EVENT.decode(message))).await().atMost(WAIT));
        send(ModelOperation.of(id, kind, model, channel));
        return events;
    }

    private void send(ModelOperation operation) {
        // PUBLISH answers how many subscribers got the message: the worker's control listener subscribes at startup.
        await().atMost(WAIT).until(() -> redis.execute("PUBLISH", RedisKeys.controlChannel(identity.id()),
                Codec.MODEL_OPERATION.encodeToString(operation)).await().atMost(WAIT).toLong() > 0);
    }
}
