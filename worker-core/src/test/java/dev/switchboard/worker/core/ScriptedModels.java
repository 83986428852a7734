package dev.switchboard.worker.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelManagement;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend's models in memory: a pull adds one after three progress lines, a pull of a name
 * starting with {@code endless} never ends until cancelled, and show and delete know what was pulled.
 */
@Singleton
public class ScriptedModels implements ModelManagement {

    final Set<String> models = ConcurrentHashMap.newKeySet();
    final AtomicInteger cancelledPulls = new AtomicInteger();

    @Override
    public Multi<PullProgress> pull(String model) {
        if (model.startsWith("endless")) {
            return Multi.createFrom().ticks().every(Duration.ofMillis(20)).onOverflow().drop()
                    .map(tick -> new PullProgress("pulling abc", "sha256:abc", 1000L, Math.min(999, tick)))
                    .onCancellation().invoke(cancelledPulls::incrementAndGet);
        }
        return Multi.createFrom().items(PullProgress.step("pulling manifest"),
                        new PullProgress("pulling abc", "sha256:abc", 100L, 100L), PullProgress.step(PullProgress.SUCCESS))
                .onCompletion().invoke(() -> models.add(model));
    }

    @Override
    public Uni<Void> delete(String model) {
        return models.remove(model) ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new BackendException(ErrorType.NOT_FOUND, "model '" + model + "' not found"));
    }

    @Override
    public Uni<JsonNode> show(String model) {
        return models.contains(model)
                ? Uni.createFrom().item(Json.mapper().createObjectNode().put("modelfile", "FROM " + model))
                : Uni.createFrom().failure(new BackendException(ErrorType.NOT_FOUND, "model '" + model + "' not found"));
    }
}
