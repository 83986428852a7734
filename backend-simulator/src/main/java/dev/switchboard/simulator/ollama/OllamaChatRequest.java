package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The body of {@code POST /api/chat}, as far as the simulator reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OllamaChatRequest(
        String model,
        List<Message> messages,
        JsonNode tools,
        JsonNode think,
        Boolean stream,
        Options options,
        JsonNode format,
        JsonNode keepAlive) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Message(String role, String content, List<String> images, JsonNode toolCalls, String thinking,
            String toolName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Options(Integer numPredict, List<String> stop, Integer numCtx) {
    }
}
