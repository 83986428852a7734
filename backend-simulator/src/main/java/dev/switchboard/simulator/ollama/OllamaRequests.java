package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.http.JsonReplies;
import dev.switchboard.simulator.http.ProtocolRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Reads the JSON object bodies of Ollama's endpoints, answering 400 in Ollama's shape to anything else. */
@ApplicationScoped
class OllamaRequests {

    private final ObjectMapper mapper;
    private final JsonReplies replies;

    OllamaRequests(ObjectMapper mapper, JsonReplies replies) {
        this.mapper = mapper;
        this.replies = replies;
    }

    /** The body as a JSON object; empty when it was not one, and the 400 already sent. */
    Optional<JsonNode> object(RoutingContext rc) {
        String body = ProtocolRequests.body(rc);
        try {
            JsonNode node = body == null || body.isBlank() ? null : mapper.readTree(body);
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
            replies.send(rc, 400, new OllamaWire.Error("missing request body"));
        } catch (JsonProcessingException e) {
            replies.send(rc, 400, new OllamaWire.Error(e.getOriginalMessage()));
        }
        return Optional.empty();
    }

    /** {@code model}, or {@code name} as older clients send it. */
    static String modelName(JsonNode body) {
        String name = body.path("model").asText("");
        return name.isEmpty() ? body.path("name").asText("") : name;
    }
}
