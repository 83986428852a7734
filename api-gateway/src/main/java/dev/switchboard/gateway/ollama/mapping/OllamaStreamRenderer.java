package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One response's state machine: turns the job's canonical events into the lines of Ollama's
 * {@code /api/chat} or {@code /api/generate} stream and, from the same state, the one object of a
 * non-streaming answer. Pure and not thread-safe: one instance per response, fed in order.
 *
 * <p>Each piece is a line with {@code done: false}: chat puts text in {@code message.content},
 * reasoning in {@code message.thinking}, tool calls (arguments as an object) in
 * {@code message.tool_calls}; generate puts them in {@code response} and {@code thinking}. The last
 * line has {@code done: true}, {@code done_reason} ({@code stop}, or {@code length} at the token
 * limit), the token counts and the durations in nanoseconds: {@code load_duration} is the time the
 * job waited for a worker, {@code prompt_eval_duration} the time to the first token,
 * {@code eval_duration} the rest, {@code total_duration} all of it.
 */
public final class OllamaStreamRenderer {

    /** Which endpoint's shape. */
    public enum Endpoint { CHAT, GENERATE }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();
    private static final long NANOS_PER_MS = 1_000_000L;

    private final String model;
    private final Endpoint endpoint;
    private final Supplier<Instant> clock;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final ArrayNode toolCalls = NODES.arrayNode();
    private ObjectNode last;
    private boolean finished;

    public OllamaStreamRenderer(String model, Endpoint endpoint, Supplier<Instant> clock) {
        this.model = model;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** The NDJSON lines (without their newline) one canonical event turns into. */
    public List<String> on(StreamEvent event) {
        if (finished || event == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        switch (event) {
            case StreamEvent.Started ignored -> {
                // Ollama says nothing until the first token
            }
            case StreamEvent.TextDelta delta -> {
                if (!delta.text().isEmpty()) {
                    text.append(delta.text());
                    out.add(write(piece("content", "response", delta.text())));
                }
            }
            case StreamEvent.ThinkingDelta delta -> {
                if (!delta.text().isEmpty()) {
                    thinking.append(delta.text());
                    out.add(write(piece("thinking", "thinking", delta.text())));
                }
            }
            case StreamEvent.ToolCall call -> {
                ObjectNode json = toolCall(call);
                toolCalls.add(json);
                ObjectNode line = envelope();
                ObjectNode message = line.putObject("message").put("role", "assistant").put("content", "");
                message.putArray("tool_calls").add(json.deepCopy());
                line.put("done", false);
                if (endpoint == Endpoint.CHAT) {
                    out.add(write(line));
                }
            }
            case StreamEvent.Done done -> {
                last = finalLine(done);
                finished = true;
                out.add(write(last));
            }
            case StreamEvent.Error error -> out.addAll(error(error.message()));
        }
        return out;
    }

    /** The line for a failure after the stream started; it ends the stream. */
    public List<String> error(String message) {
        if (finished) {
            return List.of();
        }
        finished = true;
        return List.of(write(OllamaErrors.body(message)));
    }

    private ObjectNode piece(String chatField, String generateField, String value) {
        ObjectNode line = envelope();
        if (endpoint == Endpoint.CHAT) {
            ObjectNode message = line.putObject("message").put("role", "assistant");
            message.put("content", chatField.equals("content") ? value : "");
            if (!chatField.equals("content")) {
                message.put(chatField, value);
            }
        } else {
            line.put("response", generateField.equals("response") ? value : "");
            if (!generateField.equals("response")) {
                line.put(generateField, value);
            }
        }
        line.put("done", false);
        return line;
    }

    private static ObjectNode toolCall(StreamEvent.ToolCall call) {
        ObjectNode json = NODES.objectNode();
        if (call.id() != null) {
            json.put("id", call.id());
        }
        ObjectNode function = json.putObject("function").put("name", call.name());
        function.set("arguments", call.input() == null ? NODES.objectNode() : call.input());
        return json;
    }

    /** The last line: nothing more of the answer, the reason, the counts and the durations. */
    private ObjectNode finalLine(StreamEvent.Done done) {
        ObjectNode line = envelope();
        if (endpoint == Endpoint.CHAT) {
            line.putObject("message").put("role", "assistant").put("content", "");
        } else {
            line.put("response", "");
        }
        line.put("done", true);
        line.put("done_reason", done.stopReason() == StopReason.MAX_TOKENS ? "length" : "stop");
        Timings timings = done.timings() == null ? new Timings(0, null, 0) : done.timings();
        long ttft = timings.timeToFirstTokenMs() == null ? timings.generationMs() : timings.timeToFirstTokenMs();
        line.put("total_duration", (timings.queueWaitMs() + timings.generationMs()) * NANOS_PER_MS);
        line.put("load_duration", timings.queueWaitMs() * NANOS_PER_MS);
        Usage usage = done.usage() == null ? Usage.ZERO : done.usage();
        line.put("prompt_eval_count", usage.inputTokens());
        line.put("prompt_eval_duration", ttft * NANOS_PER_MS);
        line.put("eval_count", usage.outputTokens());
        line.put("eval_duration", Math.max(0, timings.generationMs() - ttft) * NANOS_PER_MS);
        return line;
    }

    /** The non-streaming answer once the job is done: the last line with the whole text, reasoning and tool calls in it. */
    public ObjectNode whole() {
        ObjectNode answer = last == null ? envelope() : last.deepCopy();
        if (endpoint == Endpoint.CHAT) {
            ObjectNode message = NODES.objectNode().put("role", "assistant").put("content", text.toString());
            if (!thinking.isEmpty()) {
                message.put("thinking", thinking.toString());
            }
            if (!toolCalls.isEmpty()) {
                message.set("tool_calls", toolCalls);
            }
            answer.set("message", message);
        } else {
            answer.put("response", text.toString());
            if (!thinking.isEmpty()) {
                answer.put("thinking", thinking.toString());
            }
        }
        return answer;
    }

    private ObjectNode envelope() {
        return NODES.objectNode().put("model", model).put("created_at", clock.get().toString());
    }

    private static String write(ObjectNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
