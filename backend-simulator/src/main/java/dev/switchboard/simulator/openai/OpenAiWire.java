package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** OpenAI chat completion bodies, as mlx_lm.server writes them. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Chunk(String id, String object, long created, String model, String systemFingerprint,
            List<ChunkChoice> choices, @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {
    }

    /** {@code logprobs} and {@code finish_reason} are written even when null. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChunkChoice(int index, Delta delta, JsonNode logprobs, String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Delta(String role, String content, String reasoning, List<ToolCallDelta> toolCalls) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallDelta(int index, String id, String type, FunctionDelta function) {
    }

    /** {@code arguments} is JSON text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionDelta(String name, String arguments) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Completion(String id, String object, long created, String model, String systemFingerprint,
            List<Choice> choices, Usage usage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Choice(int index, Message message, JsonNode logprobs, String finishReason) {
    }

    /** {@code content} is null, not absent, when there is no text. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Message(String role, String content,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reasoning,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls) {
    }

    record ToolCall(String id, String type, FunctionDelta function) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Usage(int promptTokens, int completionTokens, int totalTokens, PromptTokensDetails promptTokensDetails) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record PromptTokensDetails(int cachedTokens) {
    }

    record ErrorBody(Error error) {
    }

    /** {@code param} and {@code code} are written even when null. */
    record Error(String message, String type, String param, String code) {
    }

    record ModelList(String object, List<ModelEntry> data) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelEntry(String id, String object, long created, String ownedBy) {
    }

    record Health(String status) {
    }
}
