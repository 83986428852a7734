package dev.switchboard.worker.mlx.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.worker.core.backend.http.BackendServer;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.mlx.mapping.ModelCapabilities;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/** What the operator configured, made once: the server as worker-core talks to it, and the model patterns compiled. */
@Singleton
public class OpenAiCompatibleProducers {

    /**
     * The server at {@code baseUrl}, named by its URL. The servers write error bodies differently:
     * mlx_lm.server {@code {"error": "…"}} (404 when the model cannot be loaded or the prompt not
     * built, 411 for a body without Content-Length, 400 for bad JSON), OpenAI, llama.cpp and current
     * vLLM {@code {"error": {"message": "…", "type": …, "code": …}}}, older vLLM
     * {@code {"object": "error", "message": "…"}}, FastAPI's validation {@code {"detail": …}}.
     */
    public static BackendServer server(String baseUrl, Duration connectTimeout, Duration idleTimeout) {
        return new BackendServer(baseUrl, baseUrl, connectTimeout, idleTimeout, "switchboard.openai.idle-timeout",
                "switchboard.openai.api-key", OpenAiCompatibleProducers::errorMessage);
    }

    @Produces
    @Singleton
    ModelCapabilities capabilities(OpenAiCompatibleConfig config) {
        return new ModelCapabilities(config.thinkingModels().orElse(List.of()), config.visionModels().orElse(List.of()));
    }

    @Produces
    @Singleton
    BackendServer server(WorkerConfig worker, OpenAiCompatibleConfig config) {
        return server(worker.backendUrl(), config.connectTimeout(), config.idleTimeout());
    }

    static String errorMessage(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        if (body.path("message").isTextual()) {
            return body.path("message").asText();
        }
        JsonNode detail = body.get("detail");
        if (detail != null) {
            return detail.isTextual() ? detail.asText() : detail.toString();
        }
        return null;
    }
}
