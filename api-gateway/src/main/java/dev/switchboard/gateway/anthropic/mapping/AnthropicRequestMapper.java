package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
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
 * Reads a Messages API request body into the canonical request. Accepts everything Claude Code and
 * the SDKs send; refuses, with an {@link InvalidRequestException} naming the JSON path, what
 * Anthropic would refuse or what a local model cannot be given. Fields with no meaning here
 * ({@code cache_control}, {@code context_management}, {@code output_config}, {@code service_tier},
 * citations, …) are ignored.
 *
 * <p>The system prompt: a string is kept as is; an array of text blocks is joined with a blank line
 * between blocks, after dropping Claude Code's {@code x-anthropic-billing-header} block. That block
 * changes with every request ({@code cch=…}), and at the very start of the prompt it would make a
 * local backend's prompt cache miss on every turn of a conversation.
 */
public final class AnthropicRequestMapper {

    /** count_tokens has no max_tokens; the canonical request still needs a positive limit. */
    static final int COUNT_TOKENS_MAX_TOKENS = 1;
    /** Anthropic's smallest thinking budget. */
    static final int MIN_THINKING_BUDGET = 1024;
    private static final int MAX_MODEL_NAME = 256;
    private static final String BILLING_HEADER = "x-anthropic-billing-header:";
    /** Claude Code before 2.x: {@code user_<hash>_account_<uuid>_session_<uuid>}. */
    private static final Pattern LEGACY_SESSION = Pattern.compile("_session_([0-9a-fA-F-]{8,64})$");

    private AnthropicRequestMapper() {
    }

    /**
     * @param body             the parsed request body
     * @param requireMaxTokens false for count_tokens, whose body has no {@code max_tokens}
     * @throws InvalidRequestException when the request cannot be served as sent; nothing else, whatever the JSON
     */
    public static AnthropicRequest toCanonical(JsonNode body, boolean requireMaxTokens) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "expected a JSON object, got " + JsonFields.kind(body));
        }
        ObjectNode root = (ObjectNode) body;
        String model = model(root);
        Integer maxTokens = requireMaxTokens ? maxTokens(root) : null;
        boolean stream = optionalBoolean(root, "stream", "stream", false);
        String system = system(given(root, "system"));
        List<Message> messages = new MessagesReader().read(given(root, "messages"));
        List<ToolDefinition> tools = tools(given(root, "tools"));
        ToolChoice toolChoice = toolChoice(optionalObject(root, "tool_choice", "tool_choice"), tools);
        Sampling sampling = new Sampling(
                maxTokens == null ? COUNT_TOKENS_MAX_TOKENS : maxTokens,
                unitInterval(root, "temperature"),
                unitInterval(root, "top_p"),
                topK(given(root, "top_k")),
                stopSequences(given(root, "stop_sequences")),
                thinking(optionalObject(root, "thinking", "thinking")));
        String sessionId = sessionId(optionalObject(root, "metadata", "metadata"));
        return new AnthropicRequest(model, stream, new ChatRequest(system, messages, tools, toolChoice, sampling), sessionId);
    }

    private static String model(ObjectNode root) {
        String model = requiredNonBlank(root, "model", "model");
        if (model.length() > MAX_MODEL_NAME) {
            throw new InvalidRequestException("model", "must be at most " + MAX_MODEL_NAME + " characters, got " + model.length());
        }
        return model;
    }

    private static int maxTokens(ObjectNode root) {
        JsonNode node = given(root, "max_tokens");
        if (node == null) {
            throw new InvalidRequestException("max_tokens", "field required; set the most tokens the answer may have, e.g. 4096");
        }
        int maxTokens = integer(node, "max_tokens");
        if (maxTokens < 1) {
            throw new InvalidRequestException("max_tokens", "must be at least 1, got " + maxTokens);
        }
        return maxTokens;
    }

    private static String system(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty() ? null : node.textValue();
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("system", "expected a string or an array of text blocks, got " + JsonFields.kind(node));
        }
        List<String> parts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String path = "system." + i;
            ObjectNode block = object(node.get(i), path);
            String type = requiredString(block, "type", path + ".type");
            if (!type.equals("text")) {
                throw new InvalidRequestException(path + ".type", "a system prompt holds text blocks only, got '" + type + "'");
            }
            String text = requiredString(block, "text", path + ".text");
            if (!text.isEmpty() && !text.startsWith(BILLING_HEADER)) {
                parts.add(text);
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        ArrayNode array = array(node, "tools");
        List<ToolDefinition> tools = new ArrayList<>(array.size());
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "tools." + i;
            ObjectNode tool = object(array.get(i), path);
            String type = optionalString(tool, "type", path + ".type");
            JsonNode schema = given(tool, "input_schema");
            if (type != null && !type.equals("custom") && schema == null) {
                // Anthropic's own tools (web search, code execution, bash_2025…): defined by Anthropic
                // and run by it or known to its models only; a local model is simply not offered them.
                continue;
            }
            String name = requiredNonBlank(tool, "name", path + ".name");
            if (!names.add(name)) {
                throw new InvalidRequestException(path + ".name", "tool '" + name + "' is defined twice; tool names must be unique");
            }
            if (schema == null) {
                throw new InvalidRequestException(path + ".input_schema", "field required; give the JSON schema of the tool's input");
            }
            ObjectNode inputSchema = object(schema, path + ".input_schema");
            tools.add(new ToolDefinition(name, optionalString(tool, "description", path + ".description"), inputSchema));
        }
        return tools;
    }

    private static ToolChoice toolChoice(ObjectNode choice, List<ToolDefinition> tools) {
        if (choice == null) {
            return null;
        }
        String type = requiredString(choice, "type", "tool_choice.type");
        boolean noParallel = optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use", false);
        return switch (type) {
            case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null, noParallel);
            case "any" -> new ToolChoice(ToolChoice.Mode.ANY, null, noParallel);
            case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null, noParallel);
            case "tool" -> {
                String name = requiredNonBlank(choice, "name", "tool_choice.name");
                if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
                    throw new InvalidRequestException("tool_choice.name", "no tool named '" + name + "' in tools");
                }
                yield new ToolChoice(ToolChoice.Mode.TOOL, name, noParallel);
            }
            default -> throw new InvalidRequestException("tool_choice.type",
                    "unknown tool choice '" + type + "'; expected auto, any, tool or none");
        };
    }

    private static ThinkingConfig thinking(ObjectNode thinking) {
        if (thinking == null) {
            return ThinkingConfig.off();
        }
        String type = requiredString(thinking, "type", "thinking.type");
        return switch (type) {
            case "disabled" -> ThinkingConfig.off();
            // The model decides how much to think.
            case "adaptive" -> new ThinkingConfig(true, null);
            case "enabled" -> {
                // Anthropic's floor is enforced; its "below max_tokens" rule is not, since interleaved
                // thinking (which Claude Code asks for) lifts it.
                int budget = integer(required(thinking, "budget_tokens", "thinking.budget_tokens"), "thinking.budget_tokens");
                if (budget < MIN_THINKING_BUDGET) {
                    throw new InvalidRequestException("thinking.budget_tokens",
                            "must be at least " + MIN_THINKING_BUDGET + ", got " + budget);
                }
                yield new ThinkingConfig(true, budget);
            }
            default -> throw new InvalidRequestException("thinking.type",
                    "unknown thinking type '" + type + "'; expected enabled, adaptive or disabled");
        };
    }

    /** temperature and top_p: Anthropic's range is 0 to 1 for both. */
    private static Double unitInterval(ObjectNode root, String field) {
        JsonNode node = given(root, field);
        if (node == null) {
            return null;
        }
        double value = number(node, field);
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidRequestException(field, "must be between 0 and 1, got " + node.asText());
        }
        return value;
    }

    /** Anthropic accepts any top_k of 0 or more. */
    private static Integer topK(JsonNode node) {
        if (node == null) {
            return null;
        }
        int topK = integer(node, "top_k");
        if (topK < 0) {
            throw new InvalidRequestException("top_k", "must be 0 or more, got " + topK);
        }
        return topK;
    }

    private static List<String> stopSequences(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        ArrayNode array = array(node, "stop_sequences");
        List<String> stops = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "stop_sequences." + i;
            String stop = string(array.get(i), path);
            if (stop.isEmpty()) {
                throw new InvalidRequestException(path, "must not be empty");
            }
            stops.add(stop);
        }
        return stops;
    }

    /**
     * Claude Code's {@code metadata.user_id} is a JSON string holding {@code session_id} (2.x), or
     * {@code user_…_account_…_session_<uuid>} (1.x). Anything else is an opaque user id: no session.
     */
    private static String sessionId(ObjectNode metadata) {
        if (metadata == null) {
            return null;
        }
        String userId = optionalString(metadata, "user_id", "metadata.user_id");
        if (userId == null || userId.isBlank()) {
            return null;
        }
        if (userId.startsWith("{")) {
            try {
                JsonNode session = Json.mapper().readTree(userId).get("session_id");
                return session != null && session.isTextual() && !session.textValue().isBlank() ? session.textValue() : null;
            } catch (JsonProcessingException notJson) {
                return null;
            }
        }
        Matcher legacy = LEGACY_SESSION.matcher(userId);
        return legacy.find() ? legacy.group(1) : null;
    }
}
