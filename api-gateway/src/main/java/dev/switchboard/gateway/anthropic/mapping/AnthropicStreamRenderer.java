package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Usage;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One response's state machine: turns the job's canonical events into Anthropic's stream events
 * and, from the same state, the whole message for a non-streaming answer. Pure and not thread-safe:
 * one instance per response, fed in order.
 *
 * <p>What clients (Claude Code above all) rely on, and this class guarantees:
 * <ul>
 *   <li>each block is {@code content_block_start}, at least one {@code content_block_delta},
 *       {@code content_block_stop}; blocks never overlap and their indexes are the positions in
 *       {@link #message()}'s content array;</li>
 *   <li>a text (or thinking) block opens only once non-whitespace text arrives; a run of whitespace
 *       that something else follows (a tool call, the other kind of block, the end) is dropped, so
 *       there is never an empty or blank text block, in particular before a tool_use;</li>
 *   <li>a thinking block ends with a {@code signature_delta} before its stop. The signature is the
 *       base64 SHA-256 of the thinking text: made here, not verifiable by anyone, only there because
 *       clients expect one and send it back (the gateway never checks it);</li>
 *   <li>a tool_use block starts with {@code input: {}} and carries its arguments in
 *       {@code input_json_delta} pieces whose concatenation parses to the arguments object;</li>
 *   <li>{@code stop_reason} is {@code tool_use} whenever a tool_use block was sent, and never
 *       {@code tool_use} when none was;</li>
 *   <li>nothing is emitted after {@code message_stop} or {@code error}.</li>
 * </ul>
 *
 * <p>Usage follows Anthropic's meaning: {@code input_tokens} excludes the prompt tokens served from
 * cache, which are {@code cache_read_input_tokens} (the canonical usage counts them in its input).
 */
public final class AnthropicStreamRenderer {

    /** Tool input JSON up to this length goes in one piece; longer input is cut into a few. */
    static final int INPUT_PIECE_MIN = 64;
    static final int INPUT_PIECES_MAX = 8;
    private static final Pattern CLIENT_TOOL_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Plain Jackson: nulls are written, unlike with the contract's mapper. */
    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();

    private enum Kind { TEXT, THINKING, TOOL_USE }

    /** A content block as it builds up. */
    private static final class Block {
        final Kind kind;
        final int index;
        final StringBuilder text = new StringBuilder();
        String signature;
        String id;
        String name;
        ObjectNode input;

        Block(Kind kind, int index) {
            this.kind = kind;
            this.index = index;
        }
    }

    private final String messageId;
    private final String model;
    private final int inputTokensEstimate;
    private final List<Block> blocks = new ArrayList<>();
    private final Set<String> toolIds = new HashSet<>();
    private final StringBuilder pendingText = new StringBuilder();
    private final StringBuilder pendingThinking = new StringBuilder();
    private Block open;
    private boolean started;
    private boolean finished;
    private boolean toolUsed;
    private String stopReason;
    private String stopSequence;
    private int inputTokens;
    private int cachedInputTokens;
    private int outputTokens;

    public AnthropicStreamRenderer(String messageId, String model, int inputTokensEstimate) {
        this.messageId = messageId;
        this.model = model;
        this.inputTokensEstimate = Math.max(0, inputTokensEstimate);
        this.inputTokens = this.inputTokensEstimate;
    }

    /** A keep-alive event; carries nothing. */
    public static SseEvent ping() {
        return new SseEvent("ping", "{\"type\":\"ping\"}");
    }

    /** {@code message_start}: the message with no content yet. Only the first call emits it. */
    public List<SseEvent> start() {
        if (started || finished) {
            return List.of();
        }
        started = true;
        ObjectNode message = envelope();
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", inputTokensEstimate);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", 0);
        ObjectNode event = NODES.objectNode().put("type", "message_start");
        event.set("message", message);
        return List.of(sse("message_start", event));
    }

    /** The events one canonical event turns into; {@code message_start} first if not sent yet. */
    public List<SseEvent> on(StreamEvent event) {
        if (finished || event == null) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>(start());
        switch (event) {
            case StreamEvent.Started ignored -> {
                // message_start is start()'s
            }
            case StreamEvent.TextDelta delta -> text(delta.text(), out);
            case StreamEvent.ThinkingDelta delta -> thinking(delta.text(), out);
            case StreamEvent.ToolCall call -> toolCall(call, out);
            case StreamEvent.Done done -> done(done, out);
            case StreamEvent.Error error -> {
                AnthropicErrorTypes.Mapped mapped = AnthropicErrorTypes.of(error.errorType());
                out.add(errorEvent(mapped.type(), error.message()));
            }
        }
        return out;
    }

    /**
     * An {@code error} event for a failure after the stream started; it ends the stream (no block is
     * closed, no {@code message_stop} follows, as with Anthropic).
     */
    public List<SseEvent> error(String anthropicErrorType, String message) {
        if (finished) {
            return List.of();
        }
        List<SseEvent> out = new ArrayList<>(start());
        out.add(errorEvent(anthropicErrorType, message));
        return out;
    }

    /** True once {@code message_stop} or an error was emitted. */
    public boolean isFinished() {
        return finished;
    }

    /** The message as the events so far describe it: the non-streaming answer once the job is done. */
    public ObjectNode message() {
        ObjectNode message = envelope();
        ArrayNode content = message.putArray("content");
        for (Block block : blocks) {
            content.add(blockJson(block, true));
        }
        message.put("stop_reason", stopReason);
        message.put("stop_sequence", stopSequence);
        message.set("usage", usage());
        return message;
    }

    private void text(String text, List<SseEvent> out) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (open != null && open.kind == Kind.TEXT) {
            pendingThinking.setLength(0);
            out.add(delta(open, NODES.objectNode().put("type", "text_delta").put("text", text)));
            open.text.append(text);
            return;
        }
        pendingText.append(text);
        if (pendingText.toString().isBlank()) {
            return;
        }
        String first = pendingText.toString();
        pendingText.setLength(0);
        pendingThinking.setLength(0);
        close(out);
        Block block = openBlock(Kind.TEXT, out);
        out.add(delta(block, NODES.objectNode().put("type", "text_delta").put("text", first)));
        block.text.append(first);
    }

    private void thinking(String text, List<SseEvent> out) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (open != null && open.kind == Kind.THINKING) {
            pendingText.setLength(0);
            out.add(delta(open, NODES.objectNode().put("type", "thinking_delta").put("thinking", text)));
            open.text.append(text);
            return;
        }
        pendingThinking.append(text);
        if (pendingThinking.toString().isBlank()) {
            return;
        }
        String first = pendingThinking.toString();
        pendingThinking.setLength(0);
        pendingText.setLength(0);
        close(out);
        Block block = openBlock(Kind.THINKING, out);
        out.add(delta(block, NODES.objectNode().put("type", "thinking_delta").put("thinking", first)));
        block.text.append(first);
    }

    private void toolCall(StreamEvent.ToolCall call, List<SseEvent> out) {
        pendingText.setLength(0);
        pendingThinking.setLength(0);
        close(out);
        Block block = new Block(Kind.TOOL_USE, blocks.size());
        block.id = toolId(call.id());
        block.name = call.name() == null ? "" : call.name();
        block.input = call.input() == null ? NODES.objectNode() : call.input().deepCopy();
        blocks.add(block);
        out.add(blockStart(block.index, blockJson(block, false)));
        for (String piece : pieces(write(block.input))) {
            out.add(delta(block.index, NODES.objectNode().put("type", "input_json_delta").put("partial_json", piece)));
        }
        out.add(blockStop(block.index));
        toolUsed = true;
    }

    private void done(StreamEvent.Done done, List<SseEvent> out) {
        pendingText.setLength(0);
        pendingThinking.setLength(0);
        close(out);
        stopReason = stopReason(done.stopReason());
        stopSequence = stopReason.equals("stop_sequence") ? done.stopSequence() : null;
        Usage usage = done.usage() == null ? Usage.ZERO : done.usage();
        cachedInputTokens = Math.max(0, usage.cachedInputTokens());
        inputTokens = usage.inputTokens() > 0 ? Math.max(0, usage.inputTokens() - cachedInputTokens) : inputTokensEstimate;
        outputTokens = Math.max(0, usage.outputTokens());

        ObjectNode delta = NODES.objectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).put("stop_sequence", stopSequence);
        delta.set("usage", usage());
        out.add(sse("message_delta", delta));
        out.add(sse("message_stop", NODES.objectNode().put("type", "message_stop")));
        finished = true;
    }

    private String stopReason(StopReason reason) {
        if (toolUsed) {
            return "tool_use";
        }
        if (reason == null) {
            return "end_turn";
        }
        return switch (reason) {
            case MAX_TOKENS -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            // TOOL_USE without a tool_use block would leave the client waiting for a call that never came.
            case END_TURN, TOOL_USE -> "end_turn";
        };
    }

    private SseEvent errorEvent(String type, String message) {
        finished = true;
        ObjectNode body = NODES.objectNode().put("type", "error");
        body.putObject("error").put("type", type == null ? AnthropicErrors.API : type)
                .put("message", message == null ? "" : message);
        return sse("error", body);
    }

    private Block openBlock(Kind kind, List<SseEvent> out) {
        Block block = new Block(kind, blocks.size());
        blocks.add(block);
        open = block;
        out.add(blockStart(block.index, blockJson(block, false)));
        return block;
    }

    /** Ends the open text or thinking block; a thinking block gets its signature first. */
    private void close(List<SseEvent> out) {
        if (open == null) {
            return;
        }
        if (open.kind == Kind.THINKING) {
            open.signature = signature(open.text.toString());
            out.add(delta(open, NODES.objectNode().put("type", "signature_delta").put("signature", open.signature)));
        }
        out.add(blockStop(open.index));
        open = null;
    }

    /**
     * Keeps a client-usable id: Anthropic's tool_use ids are letters, digits, '_' and '-', and unique
     * in a message. Backends give none (Ollama), ids of their own form (OpenAI's {@code call_…}), or
     * the same id twice; those get the {@code toolu_} prefix or a fresh id.
     */
    private String toolId(String backendId) {
        String id;
        if (backendId == null || !CLIENT_TOOL_ID.matcher(backendId).matches()) {
            id = Ids.toolUse();
        } else {
            id = backendId.startsWith("toolu_") ? backendId : "toolu_" + backendId;
        }
        while (!toolIds.add(id)) {
            id = Ids.toolUse();
        }
        return id;
    }

    /** A few pieces, never splitting a surrogate pair, so that each piece is valid text. */
    static List<String> pieces(String json) {
        int count = Math.clamp((json.length() + INPUT_PIECE_MIN - 1) / INPUT_PIECE_MIN, 1, INPUT_PIECES_MAX);
        int size = (json.length() + count - 1) / count;
        List<String> pieces = new ArrayList<>(count);
        int from = 0;
        while (from < json.length()) {
            int to = Math.min(json.length(), from + Math.max(1, size));
            if (to < json.length() && Character.isHighSurrogate(json.charAt(to - 1))) {
                to++;
            }
            pieces.add(json.substring(from, to));
            from = to;
        }
        if (pieces.isEmpty()) {
            pieces.add(json);
        }
        return pieces;
    }

    private static String signature(String thinking) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(thinking.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * A block as JSON: whole for {@link #message()}, or as {@code content_block_start} announces it
     * (empty text, empty thinking and signature, empty input).
     */
    private static ObjectNode blockJson(Block block, boolean whole) {
        ObjectNode json = NODES.objectNode();
        switch (block.kind) {
            case TEXT -> json.put("type", "text").put("text", whole ? block.text.toString() : "");
            case THINKING -> json.put("type", "thinking")
                    .put("thinking", whole ? block.text.toString() : "")
                    .put("signature", whole && block.signature != null ? block.signature : "");
            case TOOL_USE -> {
                json.put("type", "tool_use").put("id", block.id).put("name", block.name);
                json.set("input", whole ? block.input.deepCopy() : NODES.objectNode());
            }
        }
        return json;
    }

    private ObjectNode envelope() {
        return NODES.objectNode()
                .put("id", messageId)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
    }

    private ObjectNode usage() {
        return NODES.objectNode()
                .put("input_tokens", inputTokens)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cachedInputTokens)
                .put("output_tokens", outputTokens);
    }

    private static SseEvent blockStart(int index, ObjectNode contentBlock) {
        ObjectNode event = NODES.objectNode().put("type", "content_block_start").put("index", index);
        event.set("content_block", contentBlock);
        return sse("content_block_start", event);
    }

    private static SseEvent delta(Block block, ObjectNode delta) {
        return delta(block.index, delta);
    }

    private static SseEvent delta(int index, ObjectNode delta) {
        ObjectNode event = NODES.objectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return sse("content_block_delta", event);
    }

    private static SseEvent blockStop(int index) {
        return sse("content_block_stop", NODES.objectNode().put("type", "content_block_stop").put("index", index));
    }

    private static SseEvent sse(String name, JsonNode data) {
        return new SseEvent(name, write(data));
    }

    private static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }
}
