package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.chat.ChatFormat;
import dev.switchboard.simulator.chat.Completion;
import dev.switchboard.simulator.script.FinishReason;
import dev.switchboard.simulator.script.Piece;
import dev.switchboard.simulator.stats.EpochClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ollama's {@code /api/chat} wire format: NDJSON lines, thinking in {@code message.thinking}, tool
 * calls whole with an object {@code arguments}, a last line {@code done: true} with the metrics.
 */
final class OllamaChatFormat implements ChatFormat {

    private static final String ASSISTANT = "assistant";
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final ObjectMapper mapper;
    private final String model;
    private final Map<Integer, String> toolCallIds = new HashMap<>();

    OllamaChatFormat(ObjectMapper mapper, String model) {
        this.mapper = mapper;
        this.model = model;
    }

    @Override
    public String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    public boolean headersBeforeFirstToken() {
        return false;
    }

    @Override
    public List<String> streamPiece(Piece piece) {
        OllamaWire.Message message = switch (piece) {
            case Piece.Text t -> new OllamaWire.Message(ASSISTANT, t.text(), null, null);
            case Piece.Thinking t -> new OllamaWire.Message(ASSISTANT, "", t.text(), null);
            case Piece.ToolCall call -> new OllamaWire.Message(ASSISTANT, "", null, List.of(toolCall(call)));
        };
        return List.of(line(new OllamaWire.ChatChunk(model, now(), message, false, null, null, null, null, null, null, null)));
    }

    @Override
    public List<String> streamEnd(Completion completion) {
        return List.of(line(last(new OllamaWire.Message(ASSISTANT, "", null, null), completion)));
    }

    @Override
    public List<String> streamError(String message) {
        return List.of(line(new OllamaWire.Error(message)));
    }

    @Override
    public String whole(List<Piece> pieces, Completion completion) {
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<OllamaWire.ToolCall> calls = new ArrayList<>();
        for (Piece piece : pieces) {
            switch (piece) {
                case Piece.Text t -> content.append(t.text());
                case Piece.Thinking t -> thinking.append(t.text());
                case Piece.ToolCall call -> calls.add(toolCall(call));
            }
        }
        return json(last(new OllamaWire.Message(ASSISTANT, content.toString(), thinking.toString(), calls), completion));
    }

    @Override
    public String errorBody(int status, String message, String code) {
        return json(new OllamaWire.Error(message));
    }

    private OllamaWire.ChatChunk last(OllamaWire.Message message, Completion c) {
        return new OllamaWire.ChatChunk(model, now(), message, true,
                c.finish() == FinishReason.LENGTH ? "length" : "stop",
                c.timings().totalNanos(), c.timings().loadNanos(), c.usage().promptTokens(),
                c.timings().promptEvalNanos(), c.usage().completionTokens(), c.timings().evalNanos());
    }

    private OllamaWire.ToolCall toolCall(Piece.ToolCall call) {
        String id = toolCallIds.computeIfAbsent(call.index(), i -> newId());
        return new OllamaWire.ToolCall(id, new OllamaWire.ToolFunction(call.index(), call.name(), arguments(call)));
    }

    private JsonNode arguments(Piece.ToolCall call) {
        try {
            return mapper.readTree(call.argumentsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tool arguments were checked when the directive was read", e);
        }
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < 8; i++) {
            id.append(ID_CHARS.charAt(ThreadLocalRandom.current().nextInt(ID_CHARS.length())));
        }
        return id.toString();
    }

    private static String now() {
        return EpochClock.now().toString();
    }

    private String line(Object value) {
        return json(value) + "\n";
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
