package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.chat.ChatFormat;
import dev.switchboard.simulator.chat.Completion;
import dev.switchboard.simulator.script.FinishReason;
import dev.switchboard.simulator.script.Piece;
import dev.switchboard.simulator.script.Tokenizer;
import dev.switchboard.simulator.script.ToolStream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The OpenAI chat completions wire format as mlx_lm.server writes it: SSE {@code data:} events,
 * {@code role} in every delta, thinking in {@code delta.reasoning}, a usage chunk only when
 * {@code stream_options.include_usage}, then {@code data: [DONE]}. Tool calls go whole in one
 * chunk, or with {@link ToolStream#PIECES} as a name chunk followed by argument fragments.
 */
final class OpenAiChatFormat implements ChatFormat {

    static final String DONE = "data: [DONE]\n\n";
    private static final String ASSISTANT = "assistant";
    private static final String FUNCTION = "function";

    private final ObjectMapper mapper;
    private final String model;
    private final String systemFingerprint;
    private final boolean includeUsage;
    private final ToolStream toolStream;
    private final String id;
    private final long created;
    private final Map<Integer, String> toolCallIds;

    OpenAiChatFormat(ObjectMapper mapper, String model, String systemFingerprint, boolean includeUsage) {
        this(mapper, model, systemFingerprint, includeUsage, ToolStream.WHOLE, "chatcmpl-" + UUID.randomUUID(),
                System.currentTimeMillis() / 1000, new HashMap<>());
    }

    private OpenAiChatFormat(ObjectMapper mapper, String model, String systemFingerprint, boolean includeUsage,
            ToolStream toolStream, String id, long created, Map<Integer, String> toolCallIds) {
        this.mapper = mapper;
        this.model = model;
        this.systemFingerprint = systemFingerprint;
        this.includeUsage = includeUsage;
        this.toolStream = toolStream;
        this.id = id;
        this.created = created;
        this.toolCallIds = toolCallIds;
    }

    @Override
    public ChatFormat withToolStream(ToolStream toolStream) {
        return new OpenAiChatFormat(mapper, model, systemFingerprint, includeUsage, toolStream, id, created, toolCallIds);
    }

    @Override
    public String streamContentType() {
        return "text/event-stream";
    }

    @Override
    public boolean headersBeforeFirstToken() {
        return true;
    }

    @Override
    public List<String> streamPiece(Piece piece) {
        return switch (piece) {
            case Piece.Text t -> List.of(event(delta(new OpenAiWire.Delta(ASSISTANT, t.text(), null, null), null)));
            case Piece.Thinking t -> List.of(event(delta(new OpenAiWire.Delta(ASSISTANT, null, t.text(), null), null)));
            case Piece.ToolCall call -> toolStream == ToolStream.WHOLE ? List.of(toolCallWhole(call)) : toolCallInPieces(call);
        };
    }

    @Override
    public List<String> streamEnd(Completion completion) {
        List<String> frames = new ArrayList<>();
        frames.add(event(delta(new OpenAiWire.Delta(ASSISTANT, null, null, null), finishReason(completion.finish()))));
        if (includeUsage) {
            frames.add(event(new OpenAiWire.Chunk(id, "chat.completion.chunk", created, model, systemFingerprint,
                    List.of(), usage(completion))));
        }
        frames.add(DONE);
        return frames;
    }

    @Override
    public List<String> streamError(String message) {
        return List.of(event(error(500, message, "simulated_failure")), DONE);
    }

    @Override
    public String whole(List<Piece> pieces, Completion completion) {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<OpenAiWire.ToolCall> calls = new ArrayList<>();
        for (Piece piece : pieces) {
            switch (piece) {
                case Piece.Text t -> content.append(t.text());
                case Piece.Thinking t -> reasoning.append(t.text());
                case Piece.ToolCall call -> calls.add(new OpenAiWire.ToolCall(toolCallId(call), FUNCTION,
                        new OpenAiWire.FunctionDelta(call.name(), call.argumentsJson())));
            }
        }
        OpenAiWire.Message message = new OpenAiWire.Message(ASSISTANT, content.isEmpty() ? null : content.toString(),
                reasoning.isEmpty() ? null : reasoning.toString(), calls.isEmpty() ? null : calls);
        return json(new OpenAiWire.Completion(id, "chat.completion", created, model, systemFingerprint,
                List.of(new OpenAiWire.Choice(0, message, null, finishReason(completion.finish()))), usage(completion)));
    }

    @Override
    public String errorBody(int status, String message, String code) {
        return json(error(status, message, code));
    }

    static OpenAiWire.ErrorBody error(int status, String message, String code) {
        String type = switch (status) {
            case 400, 404, 411, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
        return new OpenAiWire.ErrorBody(new OpenAiWire.Error(message, type, null, code));
    }

    private String toolCallWhole(Piece.ToolCall call) {
        OpenAiWire.ToolCallDelta delta = new OpenAiWire.ToolCallDelta(call.index(), toolCallId(call), FUNCTION,
                new OpenAiWire.FunctionDelta(call.name(), call.argumentsJson()));
        return event(delta(new OpenAiWire.Delta(ASSISTANT, null, null, List.of(delta)), null));
    }

    private List<String> toolCallInPieces(Piece.ToolCall call) {
        List<String> frames = new ArrayList<>();
        frames.add(event(delta(new OpenAiWire.Delta(ASSISTANT, null, null, List.of(new OpenAiWire.ToolCallDelta(
                call.index(), toolCallId(call), FUNCTION, new OpenAiWire.FunctionDelta(call.name(), "")))), null)));
        for (String fragment : Tokenizer.tokens(call.argumentsJson())) {
            frames.add(event(delta(new OpenAiWire.Delta(ASSISTANT, null, null, List.of(new OpenAiWire.ToolCallDelta(
                    call.index(), null, null, new OpenAiWire.FunctionDelta(null, fragment)))), null)));
        }
        return frames;
    }

    private String toolCallId(Piece.ToolCall call) {
        return toolCallIds.computeIfAbsent(call.index(),
                i -> "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
    }

    private OpenAiWire.Chunk delta(OpenAiWire.Delta delta, String finishReason) {
        return new OpenAiWire.Chunk(id, "chat.completion.chunk", created, model, systemFingerprint,
                List.of(new OpenAiWire.ChunkChoice(0, delta, null, finishReason)), null);
    }

    private static OpenAiWire.Usage usage(Completion c) {
        return new OpenAiWire.Usage(c.usage().promptTokens(), c.usage().completionTokens(), c.usage().totalTokens(),
                new OpenAiWire.PromptTokensDetails(c.usage().cachedTokens()));
    }

    private static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
        };
    }

    private String event(Object value) {
        return "data: " + json(value) + "\n\n";
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
