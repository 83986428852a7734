package dev.switchboard.worker.ollama.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.worker.core.backend.ModelManagement;
import dev.switchboard.worker.core.backend.http.BackendStream;
import dev.switchboard.worker.ollama.client.OllamaClient;
import dev.switchboard.worker.ollama.mapping.PullLineDecoder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Ollama's own model management: {@code POST /api/pull} streamed (closing the connection stops the
 * download), {@code DELETE /api/delete} and {@code POST /api/show} as Ollama answers them. What the
 * catalog remembered of a model is forgotten once it changes.
 */
@ApplicationScoped
public class OllamaModels implements ModelManagement {

    private static final Map<String, String> NDJSON = Map.of("Accept", "application/x-ndjson");

    private final BackendStream stream;
    private final OllamaClient ollama;
    private final ModelCatalog catalog;

    public OllamaModels(BackendStream stream, OllamaClient ollama, ModelCatalog catalog) {
        this.stream = stream;
        this.ollama = ollama;
        this.catalog = catalog;
    }

    @Override
    public Multi<PullProgress> pull(String model) {
        return stream.post("/api/pull", Json.mapper().createObjectNode().put("model", model).put("stream", true), NDJSON,
                        () -> new PullLineDecoder(model))
                .onCompletion().invoke(() -> catalog.forget(model));
    }

    @Override
    public Uni<Void> delete(String model) {
        return ollama.delete(model).invoke(() -> catalog.forget(model));
    }

    @Override
    public Uni<JsonNode> show(String model) {
        return ollama.show(model);
    }
}
