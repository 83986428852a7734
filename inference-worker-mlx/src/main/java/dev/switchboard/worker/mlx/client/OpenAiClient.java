package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.mlx.config.OpenAiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;

/**
 * The server's request/response endpoints, with the API key sent when one is configured and
 * failures classified as {@link BackendException}s.
 */
@ApplicationScoped
public class OpenAiClient {

    private final OpenAiApi api;
    private final String baseUrl;
    private final String authorization;

    public OpenAiClient(@RestClient OpenAiApi api, WorkerConfig worker, OpenAiConfig config) {
        this.api = api;
        this.baseUrl = worker.backendUrl();
        this.authorization = authorization(config);
    }

    /** {@code Bearer <key>}, or null (no header) without a key. */
    public static String authorization(OpenAiConfig config) {
        return config.apiKey().map(String::strip).filter(key -> !key.isEmpty()).map(key -> "Bearer " + key).orElse(null);
    }

    /**
     * Whether the server answers: {@code GET /health} (mlx_lm.server, llama.cpp, vLLM), or
     * {@code GET /v1/models} on a server without it (LM Studio answers 404 there). Completes with
     * the health's {@code status} ({@code ok}), or with how many models the server lists.
     */
    public Uni<String> probe() {
        return api.health(authorization)
                .map(OpenAiClient::status)
                .onFailure().transform(this::classify)
                .onFailure(OpenAiClient::notFound).recoverWithUni(() -> models().map(models -> models.path("data").size() + " models"));
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
        return OpenAiErrors.classify(failure, baseUrl);
    }
}
