package dev.switchboard.worker.ollama.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.backend.http.BackendServer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Ollama's request/response endpoints, with their failures classified as
 * {@link dev.switchboard.worker.core.backend.BackendException}s.
 */
@ApplicationScoped
public class OllamaClient implements BackendProbe {

    private final OllamaApi api;
    private final BackendServer server;

    public OllamaClient(@RestClient OllamaApi api, BackendServer server) {
        this.api = api;
        this.server = server;
    }

    /** Whether Ollama answers: its root says "Ollama is running". */
    @Override
    public Uni<String> probe() {
        return api.root().map(String::strip).onFailure().transform(this::classify);
    }

    public Uni<JsonNode> tags() {
        return api.tags().onFailure().transform(this::classify);
    }

    public Uni<JsonNode> show(String model) {
        return api.show(Json.mapper().createObjectNode().put("model", model)).onFailure().transform(this::classify);
    }

    public Uni<Void> delete(String model) {
        return api.delete(Json.mapper().createObjectNode().put("model", model)).onFailure().transform(this::classify);
    }

    public Uni<JsonNode> ps() {
        return api.ps().onFailure().transform(this::classify);
    }

    private Throwable classify(Throwable failure) {
        return server.classify(failure);
    }
}
