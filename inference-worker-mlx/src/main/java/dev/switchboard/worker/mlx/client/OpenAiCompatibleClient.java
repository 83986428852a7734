package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.backend.http.BackendServer;
import dev.switchboard.worker.mlx.config.OpenAiCompatibleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;

/**
 * The server's request/response endpoints, with the API key sent when one is configured and
 * failures classified as {@link BackendException}s.
 */
@ApplicationScoped
public class OpenAiCompatibleClient implements BackendProbe {

    private final OpenAiCompatibleApi api;
    private final BackendServer server;
    private final String authorization;

    public OpenAiCompatibleClient(@RestClient OpenAiCompatibleApi api, BackendServer server, OpenAiCompatibleConfig config) {
        this.api = api;
        this.server = server;
        this.authorization = authorization(config);
    }

    /** {@code Bearer <key>}, or null (no header) without a key. */
    public static String authorization(OpenAiCompatibleConfig config) {
        return config.apiKey().map(String::strip).filter(key -> !key.isEmpty()).map(key -> "Bearer " + key).orElse(null);
    }

    /**
     * Whether the server answers: {@code GET /health} (mlx_lm.server, llama.cpp, vLLM), or
     * {@code GET /v1/models} on a server without it (LM Studio answers 404 there). Completes with
     * the health's {@code status} ({@code ok}), or with how many models the server lists.
     */
    @Override
    public Uni<String> probe() {
        return api.health(authorization)
                .map(OpenAiCompatibleClient::status)
                .onFailure().transform(this::classify)
                .onFailure(OpenAiCompatibleClient::notFound).recoverWithUni(() -> models().map(models -> models.path("data").size() + " models"));
    }

    public Uni<JsonNode> models() {
        return api.models(authorization).onFailure().transform(this::classify);
    }

    private static String status(String body) {
        if (body == null || body.isBlank()) {
            return "ok";
        }
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json != null && json.path("status").isTextual()) {
                return json.path("status").asText();
            }
        } catch (IOException e) {
            // a plain-text answer ("OK") is an answer all the same
        }
        return body.strip();
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof BackendException backend && backend.type() == ErrorType.NOT_FOUND;
    }

    private Throwable classify(Throwable failure) {
        return server.classify(failure);
    }
}
