package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.worker.core.backend.FunctionTools;
import dev.switchboard.worker.core.backend.PromptText;
import dev.switchboard.worker.core.backend.SamplingOptions;
import dev.switchboard.contract.worker.Capability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a canonical chat request into the body of Ollama's {@code POST /api/chat}
 * (docs/api.md, "Generate a chat completion"; field names as in Ollama's {@code api/types.go}).
 */
public final class ChatRequestMapper {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChatRequestMapper() {
    }

    /** The request's messages and tools in Ollama's form. */
    public static OllamaPrompt prompt(ChatRequest request) {
        return new OllamaPrompt(messages(request), tools(request.tools(), request.toolChoice()));
    }

    /**
     * Ollama's {@code think}: the client's wish for a model that can think, nothing for one that
     * cannot (Ollama answers 400 to {@code think: true} there). It is sent as {@code false} rather
     * than left out when thinking is off, because Ollama makes a thinking model think when the field is absent.
     */
    public static Boolean think(ThinkingConfig thinking, ModelDetails model) {
        return model.can(Capability.THINKING) ? thinking.enabled() : null;
    }

    /** The whole {@code /api/chat} body, streaming; {@code format} null for free text. */
    public static ObjectNode body(String model, OllamaPrompt prompt, Sampling sampling, ResponseFormat format,
                                  Boolean think, ContextSize size, String keepAlive) {
        ObjectNode body = JSON.objectNode();
        body.put("model", model);
        body.set("messages", prompt.messages());
        if (!prompt.tools().isEmpty()) {
            body.set("tools", prompt.tools());
        }
        if (think != null) {
            body.put("think", think);
        }
        body.put("stream", true);
        if (format != null) {
            body.set("format", format(format));
        }
        keepAlive(body, keepAlive);
        // Without these, a prompt longer than num_ctx loses its start (the system prompt and the tools)
        // and a full context is shifted while generating. With them Ollama (0.12.6 and later) answers
        // 400 or stops with done_reason "length" instead; older versions ignore the fields.
        body.put("truncate", false);
        body.put("shift", false);
        ObjectNode options = body.putObject("options");
        options.put("num_ctx", size.numCtx());
        options.put("num_predict", size.numPredict());
        SamplingOptions.write(sampling, options);
        return body;
    }

    /** Ollama's {@code format}: {@code "json"} for any JSON, else the schema itself. */
    static JsonNode format(ResponseFormat format) {
        return switch (format) {
            case ResponseFormat.JsonObject ignored -> JSON.textNode("json");
            case ResponseFormat.JsonSchema schema -> schema.schema();
        };
    }

    /**
     * Ollama reads a string {@code keep_alive} with Go's duration parser, which refuses a bare
     * number such as {@code -1}; numbers (seconds, negative for ever) go as JSON numbers.
     */
    private static void keepAlive(ObjectNode body, String keepAlive) {
        String value = keepAlive.strip();
        if (value.matches("-?\\d+")) {
            body.put("keep_alive", Long.parseLong(value));
        } else {
            body.put("keep_alive", value);
        }
    }

    private static ArrayNode messages(ChatRequest request) {
        ArrayNode out = JSON.arrayNode();
        if (request.system() != null && !request.system().isBlank()) {
            out.addObject().put("role", "system").put("content", request.system());
        }
        Map<String, String> toolNames = toolNames(request.messages());
        for (Message message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> out.addObject().put("role", "system").put("content", PromptText.join(message.content()));
                case ASSISTANT -> assistant(message.content(), out);
                case USER -> userOrTool("user", message.content(), toolNames, out);
                case TOOL -> userOrTool("tool", message.content(), toolNames, out);
            }
        }
        return out;
    }

    /** One assistant message: its text, its reasoning and its tool calls together, as Ollama returned them. */
    private static void assistant(List<ContentBlock> blocks, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        ArrayNode calls = JSON.arrayNode();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ContentBlock.Text t -> PromptText.append(text, t.text());
                case ContentBlock.Thinking t -> PromptText.append(thinking, t.thinking());
                case ContentBlock.ToolUse use -> calls.add(toolCall(use));
                // A model's own turn carries neither images nor tool results; clients do not send them there.
                case ContentBlock.Image ignored -> { }
                case ContentBlock.ToolResult ignored -> { }
            }
        }
        if (text.isEmpty() && thinking.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject().put("role", "assistant").put("content", text.toString());
        if (!thinking.isEmpty()) {
            message.put("thinking", thinking.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /**
     * A user or tool turn. Tool results (Anthropic sends them inside user messages) become separate
     * {@code tool} messages; text and images around them stay in a message of the turn's role, all in order.
     */
    private static void userOrTool(String role, List<ContentBlock> blocks, Map<String, String> toolNames, ArrayNode out) {
        int before = out.size();
        StringBuilder text = new StringBuilder();
        ArrayNode images = JSON.arrayNode();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ContentBlock.Text t -> PromptText.append(text, t.text());
                case ContentBlock.Image image -> images.add(image.data());
                case ContentBlock.ToolResult result -> {
                    flush(role, text, images, out);
                    out.add(toolResult(result, toolNames));
                }
                // Tool calls and reasoning are the assistant's; a client has no business sending them here.
                case ContentBlock.ToolUse ignored -> { }
                case ContentBlock.Thinking ignored -> { }
            }
        }
        flush(role, text, images, out);
        if (out.size() == before && role.equals("user")) {
            // An empty user turn still is a turn: dropping it would make two assistant turns adjacent.
            out.addObject().put("role", role).put("content", "");
        }
    }

    private static void flush(String role, StringBuilder text, ArrayNode images, ArrayNode out) {
        if (text.isEmpty() && images.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject().put("role", role).put("content", text.toString());
        if (!images.isEmpty()) {
            message.set("images", images.deepCopy());
        }
        text.setLength(0);
        images.removeAll();
    }

    private static ObjectNode toolCall(ContentBlock.ToolUse use) {
        ObjectNode call = JSON.objectNode();
        if (use.id() != null) {
            call.put("id", use.id());
        }
        ObjectNode function = call.putObject("function");
        function.put("name", use.name());
        function.set("arguments", use.input() != null ? use.input() : JSON.objectNode());
        return call;
    }

    private static ObjectNode toolResult(ContentBlock.ToolResult result, Map<String, String> toolNames) {
        String text = PromptText.toolResult(result);
        ObjectNode message = JSON.objectNode().put("role", "tool").put("content", text);
        ArrayNode images = JSON.arrayNode();
        for (ContentBlock block : result.content()) {
            if (block instanceof ContentBlock.Image image) {
                images.add(image.data());
            }
        }
        if (!images.isEmpty()) {
            message.set("images", images);
        }
        String name = result.toolUseId() == null ? null : toolNames.get(result.toolUseId());
        if (name != null) {
            message.put("tool_name", name);
        }
        if (result.toolUseId() != null) {
            message.put("tool_call_id", result.toolUseId());
        }
        return message;
    }

    /** Tools in Ollama's function format; none when the client said the model must not use them. */
    private static ArrayNode tools(List<ToolDefinition> tools, ToolChoice choice) {
        ArrayNode out = JSON.arrayNode();
        if (choice != null && choice.mode() == ToolChoice.Mode.NONE) {
            return out;
        }
        for (ToolDefinition tool : tools) {
            // Ollama cannot force a call; offering only the named tool is the closest it gets.
            if (choice != null && choice.mode() == ToolChoice.Mode.TOOL && !choice.toolName().equals(tool.name())) {
                continue;
            }
            out.add(FunctionTools.function(tool));
        }
        return out;
    }

    /** Tool results name only the call's id; Ollama's templates want the tool's name too. */
    private static Map<String, String> toolNames(List<Message> messages) {
        Map<String, String> names = new HashMap<>();
        for (Message message : messages) {
            for (ContentBlock block : message.content()) {
                if (block instanceof ContentBlock.ToolUse use && use.id() != null) {
                    names.put(use.id(), use.name());
                }
            }
        }
        return names;
    }
}
