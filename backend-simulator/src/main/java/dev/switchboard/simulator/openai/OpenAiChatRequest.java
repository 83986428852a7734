package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The body of {@code POST /v1/chat/completions}, as far as the simulator reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OpenAiChatRequest(
        String model,
        List<Message> messages,
        JsonNode tools,
        Boolean stream,
        StreamOptions streamOptions,
        Integer maxTokens,
        Integer maxCompletionTokens,
        JsonNode stop,
        JsonNode chatTemplateKwargs) {

    /** {@code content} is a string, an array of parts, or null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Message(String role, JsonNode content, JsonNode toolCalls, String toolCallId, String reasoning) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StreamOptions(Boolean includeUsage) {
    }
}
