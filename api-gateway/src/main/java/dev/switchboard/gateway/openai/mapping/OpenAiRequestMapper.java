package dev.switchboard.gateway.openai.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.front.FrontDefaults;
import dev.switchboard.gateway.front.FunctionTools;
import dev.switchboard.gateway.front.InlineImages;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
 * Reads a Chat Completions request body into the canonical request, as OpenAI documents it.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages at the start become the system prompt; later
 *       ones stay in place as system messages.</li>
 *   <li>An assistant's {@code tool_calls} become tool calls whose arguments must parse to a JSON
 *       object; a {@code tool} message must answer a call of an earlier assistant message.</li>
 *   <li>Images come as {@code image_url} parts holding data URLs; the gateway fetches nothing.</li>
 *   <li>{@code max_completion_tokens} wins over the older {@code max_tokens}; with neither, the
 *       answer may run to {@link #DEFAULT_MAX_TOKENS} tokens.</li>
 *   <li>{@code reasoning_effort} other than {@code none} or {@code minimal} asks a thinking model
 *       to think; its reasoning comes back as {@code reasoning_content}.</li>
 *   <li>Only one choice is generated: {@code n} above 1 is refused. Fields with no meaning for a
 *       local model ({@code logit_bias}, penalties, {@code store}, {@code metadata}, …) are ignored.</li>
 * </ul>
 */
public final class OpenAiRequestMapper {

    private static final int MAX_MODEL_NAME = 256;
    private static final int MAX_STOPS = 4;
    private static final List<String> TEXT_PARTS = List.of("text");
    private static final List<String> USER_PARTS = List.of("text", "image_url");
    private static final List<String> ASSISTANT_PARTS = List.of("text", "refusal");

    private OpenAiRequestMapper() {
    }

    /** @throws InvalidRequestException when the request cannot be served as sent; nothing else, whatever the JSON */
    public static OpenAiRequest toCanonical(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "expected a JSON object, got " + JsonFields.kind(body));
        }
        ObjectNode root = (ObjectNode) body;
        String model = requiredNonBlank(root, "model", "model");
        if (model.length() > MAX_MODEL_NAME) {
            throw new InvalidRequestException("model", "must be at most " + MAX_MODEL_NAME + " characters, got " + model.length());
        }
        choices(given(root, "n"));
        boolean stream = optionalBoolean(root, "stream", "stream", false);
        ObjectNode streamOptions = optionalObject(root, "stream_options", "stream_options");
        boolean includeUsage = streamOptions != null
                && optionalBoolean(streamOptions, "include_usage", "stream_options.include_usage", false);
        List<Message> messages = new ArrayList<>(new MessagesReader().read(given(root, "messages")));
        String system = leadingSystem(messages);
        List<ToolDefinition> tools = FunctionTools.read(given(root, "tools"));
        ToolChoice toolChoice = toolChoice(given(root, "tool_choice"), tools,
                optionalBoolean(root, "parallel_tool_calls", "parallel_tool_calls", true));
        Sampling sampling = new Sampling(
                maxTokens(root),
                range(root, "temperature", 0, 2),
                range(root, "top_p", 0, 1),
                null,
                stops(given(root, "stop")),
                thinking(optionalString(root, "reasoning_effort", "reasoning_effort")),
                seed(given(root, "seed")));
        ResponseFormat format = responseFormat(optionalObject(root, "response_format", "response_format"));
        String user = optionalString(root, "user", "user");
        return new OpenAiRequest(model, stream, includeUsage,
                new ChatRequest(system, messages, tools, toolChoice, sampling, format, null), user);
    }

    private static void choices(JsonNode n) {
        if (n == null) {
            return;
        }
        int choices = integer(n, "n");
        if (choices != 1) {
            throw new InvalidRequestException("n", "only one choice is generated; set n to 1 or leave it out, got " + choices);
        }
    }

    /** Removes the system and developer messages the conversation opens with, and joins them. */
    private static String leadingSystem(List<Message> messages) {
        List<String> parts = new ArrayList<>();
        while (!messages.isEmpty() && messages.getFirst().role() == Role.SYSTEM) {
            for (ContentBlock block : messages.removeFirst().content()) {
                if (block instanceof ContentBlock.Text text && !text.text().isEmpty()) {
                    parts.add(text.text());
                }
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private static int maxTokens(ObjectNode root) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode node = given(root, field);
            if (node != null) {
                int value = integer(node, field);
                if (value < 1) {
                    throw new InvalidRequestException(field, "must be at least 1, got " + value);
                }
                return value;
            }
        }
        return FrontDefaults.MAX_TOKENS;
    }

    private static Double range(ObjectNode root, String field, double min, double max) {
        JsonNode node = given(root, field);
        if (node == null) {
            return null;
        }
        double value = number(node, field);
        if (!(value >= min && value <= max)) {
            throw new InvalidRequestException(field, "must be between " + (int) min + " and " + (int) max + ", got " + node.asText());
        }
        return value;
    }

    private static Integer seed(JsonNode node) {
        return node == null ? null : integer(node, "seed");
    }

    private static List<String> stops(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? List.of() : List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("stop", "expected a string or an array of strings, got " + JsonFields.kind(node));
        }
        if (node.size() > MAX_STOPS) {
            throw new InvalidRequestException("stop", "at most " + MAX_STOPS + " stop sequences, got " + node.size());
        }
        List<String> stops = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String stop = string(node.get(i), "stop." + i);
            if (stop.isEmpty()) {
                throw new InvalidRequestException("stop." + i, "must not be empty");
            }
            stops.add(stop);
        }
        return stops;
    }

    private static ThinkingConfig thinking(String effort) {
        if (effort == null) {
            return ThinkingConfig.off();
        }
        return switch (effort) {
            case "none", "minimal" -> ThinkingConfig.off();
            case "low", "medium", "high" -> new ThinkingConfig(true, null);
            default -> throw new InvalidRequestException("reasoning_effort",
                    "unknown effort '" + effort + "'; expected none, minimal, low, medium or high");
        };
    }

    private static ToolChoice toolChoice(JsonNode node, List<ToolDefinition> tools, boolean parallel) {
        if (node == null) {
            return parallel ? null : new ToolChoice(ToolChoice.Mode.AUTO, null, true);
        }
        if (node.isTextual()) {
            return switch (node.textValue()) {
                case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null, !parallel);
                case "required" -> new ToolChoice(ToolChoice.Mode.ANY, null, !parallel);
                case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null, !parallel);
                default -> throw new InvalidRequestException("tool_choice",
                        "unknown tool choice '" + node.textValue() + "'; expected auto, required, none or a named function");
            };
        }
        ObjectNode choice = object(node, "tool_choice");
        String type = requiredString(choice, "type", "tool_choice.type");
        if (!type.equals("function")) {
            throw new InvalidRequestException("tool_choice.type", "expected function, got '" + type + "'");
        }
        ObjectNode function = object(required(choice, "function", "tool_choice.function"), "tool_choice.function");
        String name = requiredNonBlank(function, "name", "tool_choice.function.name");
        if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
            throw new InvalidRequestException("tool_choice.function.name", "no tool named '" + name + "' in tools");
        }
        return new ToolChoice(ToolChoice.Mode.TOOL, name, !parallel);
    }

    private static ResponseFormat responseFormat(ObjectNode format) {
        if (format == null) {
            return null;
        }
        String type = requiredString(format, "type", "response_format.type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> new ResponseFormat.JsonObject();
            case "json_schema" -> {
                ObjectNode spec = object(required(format, "json_schema", "response_format.json_schema"), "response_format.json_schema");
                String name = requiredNonBlank(spec, "name", "response_format.json_schema.name");
                ObjectNode schema = optionalObject(spec, "schema", "response_format.json_schema.schema");
                if (schema == null) {
                    schema = Json.mapper().createObjectNode().put("type", "object");
                }
                boolean strict = optionalBoolean(spec, "strict", "response_format.json_schema.strict", false);
                yield new ResponseFormat.JsonSchema(name, schema, strict);
            }
            default -> throw new InvalidRequestException("response_format.type",
                    "unknown response format '" + type + "'; expected text, json_object or json_schema");
        };
    }

    /** Reads {@code messages}, remembering the tool calls seen so that each tool message answers one. */
    private static final class MessagesReader {

        private final Set<String> callIds = new HashSet<>();

        List<Message> read(JsonNode node) {
            ArrayNode messages = JsonFields.messages(node);
            List<Message> read = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                read.add(message(messages.get(i), "messages." + i));
            }
            return read;
        }

        private Message message(JsonNode node, String path) {
            ObjectNode message = object(node, path);
            String role = requiredString(message, "role", path + ".role");
            return switch (role) {
                case "system", "developer" -> new Message(Role.SYSTEM, content(required(message, "content", path + ".content"), path + ".content", TEXT_PARTS));
                case "user" -> new Message(Role.USER, content(required(message, "content", path + ".content"), path + ".content", USER_PARTS));
                case "assistant" -> assistant(message, path);
                case "tool" -> tool(message, path);
                default -> throw new InvalidRequestException(path + ".role",
                        "unknown role '" + role + "'; expected system, developer, user, assistant or tool");
            };
        }

        /** A string, or an array of the parts the role allows; an empty string is no content. */
        private static List<ContentBlock> content(JsonNode content, String path, List<String> allowed) {
            if (content.isTextual()) {
                return content.textValue().isEmpty() ? List.of() : List.of(new ContentBlock.Text(content.textValue()));
            }
            if (!content.isArray()) {
                throw new InvalidRequestException(path, "expected a string or an array of content parts, got " + JsonFields.kind(content));
            }
            List<ContentBlock> blocks = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                String partPath = path + "." + i;
                ObjectNode part = object(content.get(i), partPath);
                String type = requiredString(part, "type", partPath + ".type");
                if (!allowed.contains(type)) {
                    throw new InvalidRequestException(partPath + ".type", "unsupported content part '" + type
                            + "' here; expected " + String.join(" or ", allowed));
                }
                blocks.add(switch (type) {
                    case "image_url" -> {
                        ObjectNode image = object(required(part, "image_url", partPath + ".image_url"), partPath + ".image_url");
                        yield InlineImages.fromDataUrl(requiredNonBlank(image, "url", partPath + ".image_url.url"), partPath + ".image_url.url");
                    }
                    // A refusal the model gave earlier is, to a local model, what it said.
                    case "refusal" -> new ContentBlock.Text(requiredString(part, "refusal", partPath + ".refusal"));
                    default -> new ContentBlock.Text(requiredString(part, "text", partPath + ".text"));
                });
            }
            return blocks;
        }

        private Message assistant(ObjectNode message, String path) {
            JsonNode content = given(message, "content");
            List<ContentBlock> blocks = new ArrayList<>();
            if (content != null) {
                blocks.addAll(content(content, path + ".content", ASSISTANT_PARTS));
            }
            JsonNode calls = given(message, "tool_calls");
            if (calls != null) {
                ArrayNode array = array(calls, path + ".tool_calls");
                for (int i = 0; i < array.size(); i++) {
                    blocks.add(toolCall(array.get(i), path + ".tool_calls." + i));
                }
            }
            if (content == null && calls == null) {
                throw new InvalidRequestException(path + ".content", "an assistant message needs content or tool_calls");
            }
            return new Message(Role.ASSISTANT, blocks);
        }

        private ContentBlock.ToolUse toolCall(JsonNode node, String path) {
            ObjectNode call = object(node, path);
            String id = requiredNonBlank(call, "id", path + ".id");
            if (!callIds.add(id)) {
                throw new InvalidRequestException(path + ".id", "tool call id '" + id + "' is used by an earlier tool call; ids must be unique");
            }
            String type = optionalString(call, "type", path + ".type");
            if (type != null && !type.equals("function")) {
                throw new InvalidRequestException(path + ".type", "unsupported tool call type '" + type + "'; expected function");
            }
            ObjectNode function = object(required(call, "function", path + ".function"), path + ".function");
            String name = requiredNonBlank(function, "name", path + ".function.name");
            String arguments = requiredString(function, "arguments", path + ".function.arguments");
            return new ContentBlock.ToolUse(id, name, arguments(arguments, path + ".function.arguments"));
        }

        private static ObjectNode arguments(String arguments, String path) {
            if (arguments.isBlank()) {
                return Json.mapper().createObjectNode();
            }
            try {
                JsonNode parsed = Json.mapper().readTree(arguments);
                if (parsed instanceof ObjectNode object) {
                    return object;
                }
                throw new InvalidRequestException(path, "must be a JSON object, got " + JsonFields.kind(parsed));
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException(path, "is not valid JSON: " + e.getOriginalMessage());
            }
        }

        private Message tool(ObjectNode message, String path) {
            String callId = requiredNonBlank(message, "tool_call_id", path + ".tool_call_id");
            if (!callIds.contains(callId)) {
                throw new InvalidRequestException(path + ".tool_call_id", "'" + callId
                        + "' matches no tool call of an earlier assistant message");
            }
            List<ContentBlock> content = content(required(message, "content", path + ".content"), path + ".content", TEXT_PARTS);
            return new Message(Role.TOOL, List.of(new ContentBlock.ToolResult(callId, content, false)));
        }
    }
}
