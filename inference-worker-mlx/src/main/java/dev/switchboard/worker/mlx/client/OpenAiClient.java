package dev.switchboard.worker.mlx.client;

import dev.switchboard.worker.core.backend.BackendProbe;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The worker's one way into an OpenAI-compatible server. */
@ApplicationScoped
public class OpenAiClient implements BackendProbe {

    private final OpenAiApi api;

    public OpenAiClient(@RestClient OpenAiApi api) {
        this.api = api;
    }

    @Override
    public Uni<String> probe() {
        return api.health().map(body -> body.path("status").asText("answered"));
    }
}
