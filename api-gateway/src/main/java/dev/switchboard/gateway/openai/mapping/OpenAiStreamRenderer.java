package dev.switchboard.gateway.openai.mapping;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Usage;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One response's state machine: turns the job's canonical events into {@code chat.completion.chunk}
 * objects and, from the same state, the {@code chat.completion} of a non-streaming answer. Pure and
 * not thread-safe: one instance per response, fed in order.
 *
 * <p>What it guarantees, as OpenAI's clients read it:
 * <ul>
 *   <li>the first chunk carries {@code delta.role: "assistant"}; text comes in {@code delta.content},
 *       reasoning in {@code delta.reasoning_content};</li>
 *   <li>each tool call has its own {@code index}, from 0; its first piece carries {@code id},
 *       {@code type} and {@code function.name} with empty arguments, and the following pieces
 *       {@code function.arguments} whose concatenation parses to the arguments object;</li>
 *   <li>the last choice chunk has {@code finish_reason} {@code tool_calls} whenever a call was sent,
 *       else {@code length} at the token limit, else {@code stop};</li>
 *   <li>with {@code include_usage}, every chunk carries {@code usage: null} and a last chunk with
 *       {@code choices: []} carries the usage; then {@code [DONE]}.</li>
 * </ul>
 */
public final class OpenAiStreamRenderer {

    /** The stream's end marker. */
    public static final String DONE = "[DONE]";
    static final int ARGUMENT_PIECE_MIN = 64;
    static final int ARGUMENT_PIECES_MAX = 8;
    private static final Pattern CLIENT_CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Plain Jackson: nulls are written, unlike with the contract's mapper. */
    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer();

    private record Call(String id, String name, String arguments) {
    }

    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> callIds = new HashSet<>();
    private boolean started;
    private boolean finished;
    private String finishReason;
    private Usage usage = Usage.ZERO;

    /**
     * @param id           the completion's id, {@code chatcmpl-…}
     * @param model        the model name as the client sent it
     * @param created      Unix seconds
     * @param includeUsage whether the stream ends with a usage chunk
     */
    public OpenAiStreamRenderer(String id, String model, long created, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /** The first chunk, with the assistant role; only the first call returns it. */
    public List<String> start() {
        if (started || finished) {
            return List.of();
        }
        started = true;
        ObjectNode delta = NODES.objectNode().put("role", "assistant").put("content", "");
        return List.of(chunk(delta, null));
    }

    /** The chunks (their JSON) one canonical event turns into; the role chunk first if not sent yet. */
    public List<String> on(StreamEvent event) {
        if (finished || event == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(start());
        switch (event) {
            case StreamEvent.Started ignored -> {
                // the role chunk is start()'s
            }
            case StreamEvent.TextDelta delta -> {
                if (!delta.text().isEmpty()) {
                    text.append(delta.text());
                    out.add(chunk(NODES.objectNode().put("content", delta.text()), null));
                }
            }
            case StreamEvent.ThinkingDelta delta -> {
                if (!delta.text().isEmpty()) {
                    reasoning.append(delta.text());
                    out.add(chunk(NODES.objectNode().put("reasoning_content", delta.text()), null));
                }
            }
            case StreamEvent.ToolCall call -> toolCall(call, out);
            case StreamEvent.Done done -> done(done, out);
            case StreamEvent.Error error -> out.addAll(error(error.errorType(), error.message()));
        }
        return out;
    }

    /** An error object for a failure after the stream started; it ends the stream, without {@code [DONE]}. */
    public List<String> error(ErrorType type, String message) {
        if (finished) {
            return List.of();
        }
        finished = true;
        return List.of(write(OpenAiErrors.body(OpenAiErrors.of(type), message)));
    }

    /** True once the last chunk or an error was emitted. */
    public boolean isFinished() {
        return finished;
    }

    /** The {@code chat.completion} the events so far describe: the non-streaming answer once the job is done. */
    public ObjectNode completion() {
        ObjectNode completion = envelope("chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        message.putNull("refusal");
        if (!calls.isEmpty()) {
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (Call call : calls) {
                ObjectNode json = toolCalls.addObject().put("id", call.id()).put("type", "function");
                json.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        completion.set("usage", usageJson());
        return completion;
    }

    private void toolCall(StreamEvent.ToolCall call, List<String> out) {
        int index = calls.size();
        String callId = call.id() != null && CLIENT_CALL_ID.matcher(call.id()).matches() && !callIds.contains(call.id())
                ? call.id() : "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        callIds.add(callId);
        String arguments = call.input() == null ? "{}" : call.input().toString();
        calls.add(new Call(callId, call.name(), arguments));
        ObjectNode first = NODES.objectNode();
        ObjectNode head = first.putArray("tool_calls").addObject().put("index", index).put("id", callId).put("type", "function");
        head.putObject("function").put("name", call.name()).put("arguments", "");
        out.add(chunk(first, null));
        for (String piece : pieces(arguments)) {
            ObjectNode delta = NODES.objectNode();
            delta.putArray("tool_calls").addObject().put("index", index).putObject("function").put("arguments", piece);
            out.add(chunk(delta, null));
        }
    }

    private void done(StreamEvent.Done done, List<String> out) {
        finishReason = !calls.isEmpty() ? "tool_calls" : done.stopReason() == StopReason.MAX_TOKENS ? "length" : "stop";
        usage = done.usage() == null ? Usage.ZERO : done.usage();
        out.add(chunk(NODES.objectNode(), finishReason));
        if (includeUsage) {
            ObjectNode last = envelope("chat.completion.chunk");
            last.putArray("choices");
            last.set("usage", usageJson());
            out.add(write(last));
        }
        out.add(DONE);
        finished = true;
    }

    /** Arguments cut into a few pieces, as a streaming model sends them; short ones whole. */
    static List<String> pieces(String json) {
        int count = Math.clamp((json.length() + ARGUMENT_PIECE_MIN - 1) / ARGUMENT_PIECE_MIN, 1, ARGUMENT_PIECES_MAX);
        int size = (json.length() + count - 1) / count;
        List<String> pieces = new ArrayList<>(count);
        for (int from = 0; from < json.length(); from += size) {
            int to = Math.min(json.length(), from + size);
            // never split a surrogate pair across two pieces
            if (to < json.length() && Character.isHighSurrogate(json.charAt(to - 1))) {
                to++;
            }
            pieces.add(json.substring(from, to));
            from = to - size;
        }
        return pieces;
    }

    private String chunk(ObjectNode delta, String finish) {
        ObjectNode chunk = envelope("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return write(chunk);
    }

    private ObjectNode envelope(String object) {
        return NODES.objectNode().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    /** OpenAI's usage: prompt tokens include the cached ones, which are also given apart. */
    private ObjectNode usageJson() {
        ObjectNode json = NODES.objectNode();
        json.put("prompt_tokens", usage.inputTokens());
        json.put("completion_tokens", usage.outputTokens());
        json.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        json.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedInputTokens());
        return json;
    }

    private static String write(ObjectNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
