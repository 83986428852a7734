package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One of the paths: how its request looks and how a line of its stream reads. Pure functions. */
public sealed interface StreamProtocol {

    ObjectMapper JSON = new ObjectMapper();

    /** What one line of a stream means to the harness. */
    sealed interface Line {
        record Text(String text) implements Line { }
        /** The stream's own end marker: Ollama's {@code "done":true}, Anthropic's {@code message_stop}. */
        record End() implements Line { }
        record Failure(String message) implements Line { }
        record Ignored() implements Line { }
    }

    Line IGNORED = new Line.Ignored();
    Line END = new Line.End();

    /** A label for reports: {@code direct}, {@code gateway} or a peer's name. */
    String label();

    String path();

    String body(String model, String prompt, int tokens);

    /** Headers besides the content type. */
    default java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }

    Line read(String line);

    /** The backend simulator called directly: Ollama's {@code POST /api/chat}, NDJSON. */
    record OllamaDirect() implements StreamProtocol {
        @Override
        public String label() {
            return "direct";
        }

        @Override
        public String path() {
            return "/api/chat";
        }

        @Override
        public String body(String model, String prompt, int tokens) {
            ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", true);
            messages(body, prompt);
            return body.toString();
        }

        @Override
        public Line read(String line) {
            if (line.isBlank()) {
                return IGNORED;
            }
            JsonNode node = parse(line);
            if (node.has("error")) {
                return new Line.Failure("ollama error: " + node.get("error").asText());
            }
            String content = node.path("message").path("content").asText("");
            if (!content.isEmpty()) {
                return new Line.Text(content);
            }
            return node.path("done").asBoolean(false) ? END : IGNORED;
        }
    }

    /**
     * Anthropic's {@code POST /v1/messages} with {@code stream: true}, SSE: through the gateway, or through a
     * peer router that speaks the same protocol. With a {@code captured} request (Claude Code's, with its system
     * prompt and tools) every request is that one, with the harness's model, length and prompt: the prompt is a
     * text block added to its last user message. With an {@code apiKey} every request carries it ({@code x-api-key},
     * as Claude Code sends it).
     */
    record Anthropic(String label, boolean resumable, ObjectNode captured, String apiKey) implements StreamProtocol {

        Anthropic(String label) {
            this(label, false, null, null);
        }

        @Override
        public java.util.Map<String, String> headers() {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            if (resumable) {
                headers.put("switchboard-resumable", "true");
            }
            if (apiKey != null) {
                headers.put("x-api-key", apiKey);
            }
            return headers;
        }

        @Override
        public String path() {
            return "/v1/messages";
        }

        @Override
        public String body(String model, String prompt, int tokens) {
            if (captured == null) {
                ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", tokens + 64).put("stream", true);
                messages(body, prompt);
                return body.toString();
            }
            ObjectNode body = captured.deepCopy().put("model", model).put("max_tokens", tokens + 64).put("stream", true);
            ArrayNode messages = (ArrayNode) body.get("messages");
            JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
            if (last == null || !last.path("role").asText().equals("user")) {
                messages.addObject().put("role", "user").put("content", prompt);
            } else if (last.path("content").isArray()) {
                ((ArrayNode) last.get("content")).addObject().put("type", "text").put("text", prompt);
            } else {
                ((ObjectNode) last).put("content", last.path("content").asText() + "\n\n" + prompt);
            }
            return body.toString();
        }

        /** A request captured from a client: the file holds it, or a capture with it under {@code body}. */
        static ObjectNode captured(java.nio.file.Path file) {
            JsonNode node;
            try {
                node = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the request body " + file, e);
            }
            JsonNode request = node.has("messages") ? node : node.path("body");
            if (!request.isObject() || !request.path("messages").isArray()) {
                throw new IllegalArgumentException(file + " holds no Anthropic request (an object with messages, or a capture with one under body)");
            }
            return (ObjectNode) request;
        }

        @Override
        public Line read(String line) {
            // Only data lines carry anything; the event name is repeated inside the JSON as "type".
            if (!line.startsWith("data:")) {
                return IGNORED;
            }
            JsonNode node = parse(line.substring(5).strip());
            return switch (node.path("type").asText()) {
                case "content_block_delta" -> node.path("delta").path("type").asText().equals("text_delta")
                        ? new Line.Text(node.path("delta").path("text").asText(""))
                        : IGNORED;
                case "message_stop" -> END;
                case "error" -> new Line.Failure("anthropic error: " + node.path("error").path("message").asText());
                default -> IGNORED;
            };
        }
    }

    private static void messages(ObjectNode body, String prompt) {
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", prompt);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
