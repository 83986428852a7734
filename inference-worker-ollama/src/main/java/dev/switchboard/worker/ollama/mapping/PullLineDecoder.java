package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ToolArguments;
import dev.switchboard.worker.core.backend.http.LineDecoder;

import java.util.List;

/**
 * Ollama's {@code /api/pull} stream, line by line: {@code {"status": …}} steps and
 * {@code {"status", "digest", "total", "completed"}} layer progress, complete at
 * {@code {"status": "success"}}. A failure comes as a line {@code {"error": "…"}}; Ollama says
 * {@code file does not exist} for a name its registry does not have.
 */
public final class PullLineDecoder implements LineDecoder<PullProgress> {

    private final String model;
    private boolean done;

    public PullLineDecoder(String model) {
        this.model = model;
    }

    @Override
    public List<PullProgress> line(String line) {
        if (line.isBlank()) {
            return List.of();
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama sent a pull line that is not JSON: " + ToolArguments.abbreviate(line), e);
        }
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            ErrorType type = error.asText().contains("file does not exist") ? ErrorType.NOT_FOUND : ErrorType.BACKEND_ERROR;
            throw new BackendException(type, "Ollama could not pull " + model + ": " + error.asText());
        }
        PullProgress progress = new PullProgress(json.path("status").asText(""), text(json, "digest"), number(json, "total"),
                number(json, "completed"));
        done = progress.succeeded();
        return List.of(progress);
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public List<PullProgress> end() {
        throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama's pull of " + model + " ended before success");
    }

    private static String text(JsonNode json, String field) {
        return json.path(field).isTextual() ? json.path(field).asText() : null;
    }

    private static Long number(JsonNode json, String field) {
        return json.path(field).isNumber() ? json.path(field).asLong() : null;
    }
}
