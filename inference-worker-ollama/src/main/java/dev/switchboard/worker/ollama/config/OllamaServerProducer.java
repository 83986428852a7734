package dev.switchboard.worker.ollama.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.worker.core.backend.http.BackendServer;
import dev.switchboard.worker.core.config.WorkerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Ollama as worker-core's HTTP exchange and error classification see it. Ollama writes every error
 * as {@code {"error": "…"}}: 400 (a model that cannot use tools, a prompt longer than the context),
 * 404 (a model not pulled), 429 (rate limited, cloud), 503 (its queue is full,
 * {@code OLLAMA_MAX_QUEUE}) or 500. It takes no API key.
 */
@Singleton
public class OllamaServerProducer {

    @Produces
    @Singleton
    BackendServer ollama(WorkerConfig worker, OllamaConfig config) {
        return ollama(worker.backendUrl(), config.connectTimeout(), config.idleTimeout());
    }

    public static BackendServer ollama(String baseUrl, Duration connectTimeout, Duration idleTimeout) {
        return new BackendServer(baseUrl, "Ollama at " + baseUrl, connectTimeout, idleTimeout,
                "switchboard.ollama.idle-timeout", null, OllamaServerProducer::errorMessage);
    }

    static String errorMessage(JsonNode body) {
        JsonNode error = body.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        return error.isTextual() ? error.asText() : error.toString();
    }
}
