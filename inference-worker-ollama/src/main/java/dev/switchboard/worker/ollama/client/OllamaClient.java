package dev.switchboard.worker.ollama.client;

import dev.switchboard.worker.core.backend.BackendProbe;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The worker's one way into Ollama. */
@ApplicationScoped
public class OllamaClient implements BackendProbe {

    private final OllamaApi api;

    public OllamaClient(@RestClient OllamaApi api) {
        this.api = api;
    }

    @Override
    public Uni<String> probe() {
        return api.root().map(String::strip);
    }
}
