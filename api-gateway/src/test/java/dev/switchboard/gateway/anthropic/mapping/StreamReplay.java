package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reads a rendered stream the way an SDK's accumulator does, failing on any break of Anthropic's
 * protocol, and rebuilds the message it describes.
 */
final class StreamReplay {

    final List<JsonNode> events = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    ObjectNode message;
    JsonNode error;

    static StreamReplay of(List<SseEvent> stream) {
        StreamReplay replay = new StreamReplay();
        replay.read(stream);
        return replay;
    }

    private void read(List<SseEvent> stream) {
        ObjectNode open = null;
        StringBuilder json = new StringBuilder();
        int deltas = 0;
        boolean signed = false;
        boolean ended = false;
        for (SseEvent sse : stream) {
            assertThat(sse.wire()).as("one event, one data line").matches("event: [a-z_]+\ndata: [^\n]+\n\n");
            JsonNode event = parse(sse.data());
            events.add(event);
            names.add(sse.event());
            assertThat(event.path("type").asText()).as("data.type names the event").isEqualTo(sse.event());
            assertThat(ended).as("nothing after message_stop or error, got " + sse.event()).isFalse();
            switch (sse.event()) {
                case "message_start" -> {
                    assertThat(message).as("one message_start").isNull();
                    message = ((ObjectNode) event.get("message")).deepCopy();
                    assertThat(message.get("content")).isEmpty();
                }
                case "content_block_start" -> {
                    assertThat(open).as("blocks do not overlap").isNull();
                    ArrayNode content = (ArrayNode) message.get("content");
                    assertThat(event.get("index").asInt()).as("index is the position in content").isEqualTo(content.size());
                    open = ((ObjectNode) event.get("content_block")).deepCopy();
                    content.add(open);
                    json.setLength(0);
                    deltas = 0;
                    signed = false;
                }
                case "content_block_delta" -> {
                    assertThat(open).as("a delta belongs to an open block").isNotNull();
                    assertThat(event.get("index").asInt()).isEqualTo(message.get("content").size() - 1);
                    JsonNode delta = event.get("delta");
                    String expected = switch (open.get("type").asText()) {
                        case "text" -> "text_delta";
                        case "thinking" -> signed ? "nothing after the signature" : delta.get("type").asText().equals("signature_delta")
                                ? "signature_delta" : "thinking_delta";
                        case "tool_use" -> "input_json_delta";
                        default -> "unknown block";
                    };
                    assertThat(delta.get("type").asText()).isEqualTo(expected);
                    switch (expected) {
                        case "text_delta" -> open.put("text", open.get("text").asText() + delta.get("text").asText());
                        case "thinking_delta" -> open.put("thinking", open.get("thinking").asText() + delta.get("thinking").asText());
                        case "signature_delta" -> {
                            open.put("signature", delta.get("signature").asText());
                            signed = true;
                        }
                        default -> json.append(delta.get("partial_json").asText());
                    }
                    deltas++;
                }
                case "content_block_stop" -> {
                    assertThat(open).isNotNull();
                    assertThat(event.get("index").asInt()).isEqualTo(message.get("content").size() - 1);
                    assertThat(deltas).as("at least one delta per block").isPositive();
                    switch (open.get("type").asText()) {
                        case "text" -> assertThat(open.get("text").asText()).as("no blank text block").isNotBlank();
                        case "thinking" -> assertThat(signed).as("a signature_delta before the stop").isTrue();
                        case "tool_use" -> {
                            JsonNode input = parse(json.toString());
                            assertThat(input.isObject()).as("input_json_delta pieces make an object").isTrue();
                            open.set("input", input);
                        }
                        default -> fail("unknown block " + open);
                    }
                    open = null;
                }
                case "message_delta" -> {
                    assertThat(open).as("blocks are closed before message_delta").isNull();
                    message.set("stop_reason", event.get("delta").get("stop_reason"));
                    message.set("stop_sequence", event.get("delta").get("stop_sequence"));
                    ((ObjectNode) message.get("usage")).setAll((ObjectNode) event.get("usage"));
                }
                case "message_stop" -> ended = true;
                case "error" -> {
                    error = event.get("error");
                    ended = true;
                }
                case "ping" -> {
                }
                default -> fail("unknown event " + sse.event());
            }
        }
    }

    /** The types of the content blocks, in order. */
    List<String> blockTypes() {
        List<String> types = new ArrayList<>();
        message.get("content").forEach(block -> types.add(block.get("type").asText()));
        return types;
    }
}
