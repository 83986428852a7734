package dev.switchboard.worker.mlx.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.worker.core.backend.FunctionTools;
import dev.switchboard.worker.core.backend.PromptText;
import dev.switchboard.worker.core.backend.SamplingOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a canonical chat request into the body of a streaming {@code POST /v1/chat/completions}
 * as OpenAI defines it and mlx_lm.server, llama.cpp's server, LM Studio and vLLM accept it.
 *
 * <ul>
 *   <li>Text-only content goes as a string; a user turn with images goes as an array of
 *       {@code text} and {@code image_url} parts (data URLs). mlx_lm.server reads text parts only
 *       and refuses images, which is right for its text-only models.</li>
 *   <li>Tool results become {@code tool} messages, one per result, in order, ahead of whatever else
 *       the turn holds: OpenAI (and the chat templates built on it) expect the answers to an
 *       assistant's {@code tool_calls} right after it.</li>
 *   <li>Reasoning from earlier turns is left out. mlx_lm.server hands messages to the model's chat
 *       template as they are, and templates either drop past reasoning themselves or do not know
 *       the field; OpenAI's API has no field for it.</li>
 *   <li>{@code max_tokens} is always sent: mlx_lm.server would stop at 512 otherwise.</li>
 *   <li>{@code top_k} is sent when set: mlx_lm.server, llama.cpp, LM Studio and vLLM read it (OpenAI's own API would refuse it).</li>
 *   <li>Stop sequences are never sent: worker-core applies them itself, and knows which one matched.</li>
 * </ul>
 */
public final class ChatRequestMapper {

    private static final String DEFAULT_IMAGE_TYPE = "image/png";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChatRequestMapper() {
    }

    /**
     * The whole streaming request. {@code enableThinking} is sent as
     * {@code chat_template_kwargs.enable_thinking} when not null: only for models known to reason,
     * whose templates read it (Qwen3 and others); elsewhere the server's default stands.
     */
    public static ObjectNode body(String model, ChatRequest request, Boolean enableThinking) {
        ObjectNode body = JSON.objectNode();
        body.put("model", model);
        body.set("messages", messages(request));
        ToolChoice choice = request.toolChoice();
        if (!request.tools().isEmpty()) {
            body.set("tools", tools(request.tools()));
            if (choice != null) {
                body.set("tool_choice", toolChoice(choice));
            }
            // llama.cpp allows one call per turn unless asked; OpenAI allows several unless told not to.
            body.put("parallel_tool_calls", choice == null || !choice.disableParallelToolUse());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_tokens", request.sampling().maxTokens());
        SamplingOptions.write(request.sampling(), body);
        if (request.responseFormat() != null) {
            body.set("response_format", responseFormat(request.responseFormat()));
        }
        if (enableThinking != null) {
            body.putObject("chat_template_kwargs").put("enable_thinking", enableThinking);
        }
        return body;
    }

    /** OpenAI's {@code response_format}; mlx_lm.server ignores it, llama.cpp, LM Studio and vLLM constrain the output. */
    static ObjectNode responseFormat(ResponseFormat format) {
        return switch (format) {
            case ResponseFormat.JsonObject ignored -> JSON.objectNode().put("type", "json_object");
            case ResponseFormat.JsonSchema schema -> {
                ObjectNode out = JSON.objectNode().put("type", "json_schema");
                ObjectNode spec = out.putObject("json_schema").put("name", schema.name() != null ? schema.name() : "response");
                spec.set("schema", schema.schema());
                spec.put("strict", schema.strict());
                yield out;
            }
        };
    }

    static ArrayNode messages(ChatRequest request) {
        ArrayNode out = JSON.arrayNode();
        if (request.system() != null && !request.system().isBlank()) {
            out.addObject().put("role", "system").put("content", request.system());
        }
        for (Message message : request.messages()) {
            switch (message.role()) {
                case SYSTEM -> out.addObject().put("role", "system").put("content", PromptText.join(message.content()));
                case ASSISTANT -> assistant(message.content(), out);
                case USER, TOOL -> userOrTool(message.content(), out);
            }
        }
        return out;
    }

    /** One assistant message: its text and its tool calls, with the arguments as a JSON string. */
    private static void assistant(List<ContentBlock> blocks, ArrayNode out) {
        StringBuilder text = new StringBuilder();
        ArrayNode calls = JSON.arrayNode();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ContentBlock.Text t -> PromptText.append(text, t.text());
                case ContentBlock.ToolUse use -> calls.add(toolCall(use));
                // Past reasoning is left out (see the class comment); a model's own turn holds no images or results.
                case ContentBlock.Thinking ignored -> { }
                case ContentBlock.Image ignored -> { }
                case ContentBlock.ToolResult ignored -> { }
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject().put("role", "assistant");
        if (text.isEmpty()) {
            // OpenAI's form for a turn that only calls tools; mlx_lm.server reads null as "".
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    /**
     * A user turn (or a tool turn from an OpenAI-shaped client): each tool result becomes a
     * {@code tool} message, then the turn's text and images (those of the results included, which
     * a {@code tool} message cannot carry) follow as one user message.
     */
    private static void userOrTool(List<ContentBlock> blocks, ArrayNode out) {
        List<ContentBlock> rest = new ArrayList<>();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ContentBlock.ToolResult result -> {
                    out.add(toolResult(result));
                    result.content().stream().filter(ContentBlock.Image.class::isInstance).forEach(rest::add);
                }
                case ContentBlock.Text t -> rest.add(t);
                case ContentBlock.Image image -> rest.add(image);
                // Tool calls and reasoning are the assistant's; a client has no business sending them here.
                case ContentBlock.ToolUse ignored -> { }
                case ContentBlock.Thinking ignored -> { }
            }
        }
        boolean hadResults = blocks.stream().anyMatch(ContentBlock.ToolResult.class::isInstance);
        if (rest.isEmpty() && hadResults) {
            return;
        }
        // An empty user turn still is a turn: dropping it would make two assistant turns adjacent.
        out.addObject().put("role", "user").set("content", userContent(rest));
    }

    private static JsonNode userContent(List<ContentBlock> blocks) {
        if (blocks.stream().noneMatch(ContentBlock.Image.class::isInstance)) {
            return JSON.textNode(PromptText.join(blocks));
        }
        ArrayNode parts = JSON.arrayNode();
        for (ContentBlock block : blocks) {
            switch (block) {
                case ContentBlock.Text t -> {
                    if (!t.text().isEmpty()) {
                        parts.addObject().put("type", "text").put("text", t.text());
                    }
                }
                case ContentBlock.Image image -> parts.addObject().put("type", "image_url")
                        .putObject("image_url").put("url", dataUrl(image));
                default -> { }
            }
        }
        return parts;
    }

    private static String dataUrl(ContentBlock.Image image) {
        String type = image.mediaType() == null || image.mediaType().isBlank() ? DEFAULT_IMAGE_TYPE : image.mediaType();
        return "data:" + type + ";base64," + image.data();
    }

    private static ObjectNode toolCall(ContentBlock.ToolUse use) {
        ObjectNode call = JSON.objectNode();
        if (use.id() != null) {
            call.put("id", use.id());
        }
        call.put("type", "function");
        call.putObject("function")
                .put("name", use.name())
                .put("arguments", use.input() != null ? use.input().toString() : "{}");
        return call;
    }

    private static ObjectNode toolResult(ContentBlock.ToolResult result) {
        String text = PromptText.toolResult(result);
        ObjectNode message = JSON.objectNode().put("role", "tool");
        if (result.toolUseId() != null) {
            message.put("tool_call_id", result.toolUseId());
        }
        return message.put("content", text);
    }

    private static ArrayNode tools(List<ToolDefinition> tools) {
        ArrayNode out = JSON.arrayNode();
        for (ToolDefinition tool : tools) {
            out.add(FunctionTools.function(tool));
        }
        return out;
    }

    /** mlx_lm.server ignores {@code tool_choice}; llama.cpp, LM Studio and vLLM apply it. */
    static JsonNode toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> JSON.textNode("auto");
            case ANY -> JSON.textNode("required");
            case NONE -> JSON.textNode("none");
            case TOOL -> {
                ObjectNode named = JSON.objectNode().put("type", "function");
                named.putObject("function").put("name", choice.toolName());
                yield named;
            }
        };
    }
}
