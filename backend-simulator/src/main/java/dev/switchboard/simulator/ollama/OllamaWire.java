package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.switchboard.simulator.model.Capability;

import java.util.List;
import java.util.Map;

/** Ollama's response bodies, fields in Ollama's order. */
final class OllamaWire {

    private OllamaWire() {
    }

    /** A line of a chat stream, or a whole chat reply; the metrics only on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChatChunk(String model, String createdAt, Message message, boolean done, String doneReason,
            Long totalDuration, Long loadDuration, Integer promptEvalCount, Long promptEvalDuration, Integer evalCount,
            Long evalDuration) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Message(String role, String content,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String thinking,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCall> toolCalls) {
    }

    record ToolCall(String id, ToolFunction function) {
    }

    /** {@code arguments} is a JSON object, not a string. */
    record ToolFunction(int index, String name, JsonNode arguments) {
    }

    record Error(String error) {
    }

    /** A line of {@code /api/pull}'s progress: a layer's has its digest, size and bytes done so far. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Progress(String status, String digest, Long total, Long completed) {

        static Progress of(String status) {
            return new Progress(status, null, null, null);
        }
    }

    record Version(String version) {
    }

    record Tags(List<TagModel> models) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TagModel(String name, String model, String modifiedAt, long size, String digest, Details details) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Details(String parentModel, String format, String family, List<String> families, String parameterSize,
            String quantizationLevel) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Show(String modelfile, String parameters, String template, Details details, Map<String, Object> modelInfo,
            List<Capability> capabilities, String modifiedAt) {
    }

    record Ps(List<PsModel> models) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PsModel(String name, String model, long size, String digest, Details details, String expiresAt,
            long sizeVram, int contextLength) {
    }
}
