package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.front.FrontDefaults;
import dev.switchboard.gateway.front.FunctionTools;
import dev.switchboard.gateway.front.InlineImages;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonFields;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.switchboard.gateway.front.JsonFields.array;
import static dev.switchboard.gateway.front.JsonFields.given;
import static dev.switchboard.gateway.front.JsonFields.integer;
import static dev.switchboard.gateway.front.JsonFields.number;
import static dev.switchboard.gateway.front.JsonFields.object;
import static dev.switchboard.gateway.front.JsonFields.optionalBoolean;
import static dev.switchboard.gateway.front.JsonFields.optionalObject;
import static dev.switchboard.gateway.front.JsonFields.optionalString;
import static dev.switchboard.gateway.front.JsonFields.required;
import static dev.switchboard.gateway.front.JsonFields.requiredNonBlank;
import static dev.switchboard.gateway.front.JsonFields.requiredString;
import static dev.switchboard.gateway.front.JsonFields.string;

/**
 * Reads Ollama's {@code /api/chat} and {@code /api/generate} bodies (docs/api.md; field names as in
 * Ollama's {@code api/types.go}) into the canonical request.
 *
 * <ul>
 *   <li>{@code options}: {@code num_predict} (negative: the default limit), {@code temperature},
 *       {@code top_p}, {@code top_k}, {@code stop}, {@code seed} are carried; the rest
 *       ({@code num_ctx}, penalties, mirostat, …) is the worker's business or has no canonical
 *       meaning, and is ignored.</li>
 *   <li>{@code think}: true or an effort level asks for reasoning, false turns it off; left out, a
 *       model that can think does, as with Ollama.</li>
 *   <li>{@code format}: {@code "json"} or a JSON schema; {@code keep_alive} is carried to the worker.</li>
 *   <li>Tool calls carry no ids in Ollama's messages: each gets one from its position, and a
 *       {@code tool} message answers the call its {@code tool_call_id} names, else the oldest
 *       unanswered call of its {@code tool_name}, else the oldest unanswered call.</li>
 *   <li>{@code /api/generate}: {@code system} and {@code prompt} (with {@code images}) make a
 *       one-turn conversation. {@code suffix}, {@code raw} and {@code template} need the model's
 *       raw prompt, which the pipeline does not carry: they are refused.</li>
 * </ul>
 */
public final class OllamaRequestMapper {

    private static final int MAX_MODEL_NAME = 256;
    /** Go's durations as Ollama reads keep_alive: {@code 5m}, {@code 1h30m}, {@code -1s}, {@code 0}. */
    private static final Pattern DURATION = Pattern.compile("-?(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+|-?\\d+");

    private OllamaRequestMapper() {
    }

    /** {@code POST /api/chat}. */
    public static OllamaRequest chat(JsonNode body) {
        ObjectNode root = root(body);
        String model = model(root);
        boolean stream = optionalBoolean(root, "stream", "stream", true);
        String keepAlive = keepAlive(given(root, "keep_alive"));
        Sampling sampling = sampling(root);
        ResponseFormat format = format(given(root, "format"));
        List<ToolDefinition> tools = FunctionTools.read(given(root, "tools"));
        JsonNode messagesNode = given(root, "messages");
        if (messagesNode == null || (messagesNode.isArray() && messagesNode.isEmpty())) {
            return new OllamaRequest(model, stream, null, keepAlive);
        }
        List<Message> messages = new MessagesReader().read(array(messagesNode, "messages"));
        return new OllamaRequest(model, stream, new ChatRequest(null, messages, tools, null, sampling, format, keepAlive), keepAlive);
    }

    /** {@code POST /api/generate}. */
    public static OllamaRequest generate(JsonNode body) {
        ObjectNode root = root(body);
        String model = model(root);
        boolean stream = optionalBoolean(root, "stream", "stream", true);
        String keepAlive = keepAlive(given(root, "keep_alive"));
        if (optionalBoolean(root, "raw", "raw", false)) {
            throw new InvalidRequestException("raw", "raw prompts are not supported: the prompt always goes through the "
                    + "model's chat template; leave raw out");
        }
        String suffix = optionalString(root, "suffix", "suffix");
        if (suffix != null && !suffix.isEmpty()) {
            throw new InvalidRequestException("suffix", "fill-in-the-middle (suffix) is not supported: it needs the model's "
                    + "raw prompt; send the code before and after as one prompt instead");
        }
        String template = optionalString(root, "template", "template");
        if (template != null && !template.isEmpty()) {
            throw new InvalidRequestException("template", "a custom template is not supported: the model's own is used");
        }
        Sampling sampling = sampling(root);
        ResponseFormat format = format(given(root, "format"));
        String prompt = optionalString(root, "prompt", "prompt");
        List<ContentBlock> content = new ArrayList<>();
        if (prompt != null && !prompt.isEmpty()) {
            content.add(new ContentBlock.Text(prompt));
        }
        content.addAll(images(given(root, "images"), "images"));
        if (content.isEmpty()) {
            return new OllamaRequest(model, stream, null, keepAlive);
        }
        String system = optionalString(root, "system", "system");
        return new OllamaRequest(model, stream, new ChatRequest(system == null || system.isEmpty() ? null : system,
                List.of(new Message(Role.USER, content)), List.of(), null, sampling, format, keepAlive),
                keepAlive);
    }

    private static ObjectNode root(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "expected a JSON object, got " + JsonFields.kind(body));
        }
        return (ObjectNode) body;
    }

    private static String model(ObjectNode root) {
        JsonNode node = given(root, "model");
        if (node == null || (node.isTextual() && node.textValue().isBlank())) {
            throw new InvalidRequestException("model", "model is required");
        }
        String model = string(node, "model").strip();
        if (model.length() > MAX_MODEL_NAME) {
            throw new InvalidRequestException("model", "must be at most " + MAX_MODEL_NAME + " characters, got " + model.length());
        }
        return model;
    }

    private static Sampling sampling(ObjectNode root) {
        ObjectNode options = optionalObject(root, "options", "options");
        ThinkingConfig thinking = think(given(root, "think"));
        if (options == null) {
            return new Sampling(FrontDefaults.MAX_TOKENS, null, null, null, List.of(), thinking, null);
        }
        JsonNode predict = given(options, "num_predict");
        int maxTokens = predict == null ? FrontDefaults.MAX_TOKENS : integer(predict, "options.num_predict");
        if (maxTokens == 0) {
            throw new InvalidRequestException("options.num_predict", "must not be 0; give a positive limit, or -1 for the default");
        }
        return new Sampling(maxTokens < 0 ? FrontDefaults.MAX_TOKENS : maxTokens,
                nonNegative(options, "temperature"),
                unit(options, "top_p"),
                topK(given(options, "top_k")),
                stops(given(options, "stop")),
                thinking,
                seed(given(options, "seed")));
    }

    private static Double nonNegative(ObjectNode options, String field) {
        JsonNode node = given(options, field);
        if (node == null) {
            return null;
        }
        double value = number(node, "options." + field);
        if (!(value >= 0)) {
            throw new InvalidRequestException("options." + field, "must be 0 or more, got " + node.asText());
        }
        return value;
    }

    private static Double unit(ObjectNode options, String field) {
        Double value = nonNegative(options, field);
        if (value != null && value > 1) {
            throw new InvalidRequestException("options." + field, "must be between 0 and 1, got " + value);
        }
        return value;
    }

    private static Integer topK(JsonNode node) {
        if (node == null) {
            return null;
        }
        int topK = integer(node, "options.top_k");
        return topK <= 0 ? null : topK;
    }

    /** Ollama's seed: a negative one means a random seed, like none. */
    private static Integer seed(JsonNode node) {
        if (node == null) {
            return null;
        }
        int seed = integer(node, "options.seed");
        return seed < 0 ? null : seed;
    }

    private static List<String> stops(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? List.of() : List.of(node.textValue());
        }
        ArrayNode array = array(node, "options.stop");
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String stop = string(array.get(i), "options.stop." + i);
            if (!stop.isEmpty()) {
                stops.add(stop);
            }
        }
        return stops;
    }

    private static ThinkingConfig think(JsonNode node) {
        if (node == null) {
            return new ThinkingConfig(true, null);
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? new ThinkingConfig(true, null) : ThinkingConfig.off();
        }
        String level = string(node, "think");
        return switch (level) {
            case "high", "medium", "low" -> new ThinkingConfig(true, null);
            default -> throw new InvalidRequestException("think", "expected true, false, \"high\", \"medium\" or \"low\", got \"" + level + "\"");
        };
    }

    private static ResponseFormat format(JsonNode node) {
        if (node == null || (node.isTextual() && node.textValue().isEmpty())) {
            return null;
        }
        if (node.isTextual()) {
            if (node.textValue().equals("json")) {
                return new ResponseFormat.JsonObject();
            }
            throw new InvalidRequestException("format", "invalid format '" + node.textValue() + "'; expected \"json\" or a JSON schema object");
        }
        return new ResponseFormat.JsonSchema(null, object(node, "format"), false);
    }

    private static String keepAlive(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            // seconds, negative for ever; Ollama takes a fraction too
            return node.isIntegralNumber() ? node.asText() : Math.round(node.doubleValue()) + "";
        }
        String value = string(node, "keep_alive").strip();
        if (!DURATION.matcher(value).matches()) {
            throw new InvalidRequestException("keep_alive", "time: invalid duration \"" + value + "\"; e.g. \"5m\", \"1h\", 0 or -1");
        }
        return value;
    }

    private static List<ContentBlock> images(JsonNode node, String path) {
        if (node == null) {
            return List.of();
        }
        ArrayNode array = array(node, path);
        List<ContentBlock> images = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            images.add(InlineImages.fromBase64(string(array.get(i), path + "." + i), path + "." + i));
        }
        return images;
    }

    /** Reads {@code messages}, giving tool calls ids and tool messages the call they answer. */
    private static final class MessagesReader {

        private record Call(String id, String name) {
        }

        private final List<Call> unanswered = new ArrayList<>();
        private int calls;

        List<Message> read(ArrayNode messages) {
            List<Message> read = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                read.add(message(messages.get(i), "messages." + i));
            }
            return read;
        }

        private Message message(JsonNode node, String path) {
            ObjectNode message = object(node, path);
            String role = requiredString(message, "role", path + ".role");
            String text = optionalString(message, "content", path + ".content");
            List<ContentBlock> content = new ArrayList<>();
            if (text != null && !text.isEmpty()) {
                content.add(new ContentBlock.Text(text));
            }
            return switch (role) {
                case "system" -> new Message(Role.SYSTEM, content);
                case "user" -> {
                    content.addAll(images(given(message, "images"), path + ".images"));
                    yield new Message(Role.USER, content);
                }
                case "assistant" -> new Message(Role.ASSISTANT, assistant(message, content, path));
                case "tool" -> new Message(Role.TOOL, List.of(answer(message, content, path)));
                default -> throw new InvalidRequestException(path + ".role",
                        "unknown role '" + role + "'; expected system, user, assistant or tool");
            };
        }

        private List<ContentBlock> assistant(ObjectNode message, List<ContentBlock> text, String path) {
            List<ContentBlock> blocks = new ArrayList<>();
            String thinking = optionalString(message, "thinking", path + ".thinking");
            if (thinking != null && !thinking.isEmpty()) {
                blocks.add(new ContentBlock.Thinking(thinking, ""));
            }
            blocks.addAll(text);
            JsonNode toolCalls = given(message, "tool_calls");
            if (toolCalls != null) {
                ArrayNode array = array(toolCalls, path + ".tool_calls");
                for (int i = 0; i < array.size(); i++) {
                    blocks.add(call(array.get(i), path + ".tool_calls." + i));
                }
            }
            return blocks;
        }

        private ContentBlock.ToolUse call(JsonNode node, String path) {
            ObjectNode call = object(node, path);
            ObjectNode function = object(required(call, "function", path + ".function"), path + ".function");
            String name = requiredNonBlank(function, "name", path + ".function.name");
            JsonNode arguments = given(function, "arguments");
            ObjectNode input = arguments == null ? Json.mapper().createObjectNode() : object(arguments, path + ".function.arguments");
            String given = optionalString(call, "id", path + ".id");
            String id = given != null && !given.isBlank() ? given : "call_" + calls;
            calls++;
            unanswered.add(new Call(id, name));
            return new ContentBlock.ToolUse(id, name, input);
        }

        private ContentBlock.ToolResult answer(ObjectNode message, List<ContentBlock> content, String path) {
            String callId = optionalString(message, "tool_call_id", path + ".tool_call_id");
            String toolName = optionalString(message, "tool_name", path + ".tool_name");
            Call answered = unanswered.stream().filter(call -> call.id().equals(callId)).findFirst()
                    .or(() -> unanswered.stream().filter(call -> call.name().equals(toolName)).findFirst())
                    .or(() -> unanswered.stream().findFirst())
                    .orElseThrow(() -> new InvalidRequestException(path, "a tool message answers no tool call of an earlier assistant message"));
            unanswered.remove(answered);
            return new ContentBlock.ToolResult(answered.id(), content, false);
        }
    }
}
