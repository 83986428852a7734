package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.gateway.front.InlineImages;
import dev.switchboard.gateway.front.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.gateway.front.JsonFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.switchboard.gateway.front.JsonFields.given;
import static dev.switchboard.gateway.front.JsonFields.kind;
import static dev.switchboard.gateway.front.JsonFields.object;
import static dev.switchboard.gateway.front.JsonFields.optionalBoolean;
import static dev.switchboard.gateway.front.JsonFields.optionalString;
import static dev.switchboard.gateway.front.JsonFields.required;
import static dev.switchboard.gateway.front.JsonFields.requiredNonBlank;
import static dev.switchboard.gateway.front.JsonFields.requiredString;
import static dev.switchboard.gateway.front.JsonFields.string;

/**
 * Reads the {@code messages} array. Messages stay in order and keep their role, {@code system}
 * messages included (Claude Code sends them mid-conversation, even last); tool results stay in the
 * user message that carries them. One reader per request: it remembers the tool calls seen so far,
 * so that a tool result answering no earlier call is refused.
 */
final class MessagesReader {

    static final String BLOCK_TYPES = "text, image, tool_use, tool_result, thinking, redacted_thinking";

    private final Set<String> toolUseIds = new HashSet<>();

    List<Message> read(JsonNode node) {
        ArrayNode messages = JsonFields.messages(node);
        List<Message> read = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            read.add(message(messages.get(i), "messages." + i));
        }
        if (read.stream().noneMatch(message -> message.role() == Role.USER)) {
            throw new InvalidRequestException("messages", "must hold at least one user message; there is nothing to answer");
        }
        return read;
    }

    private Message message(JsonNode node, String path) {
        ObjectNode message = object(node, path);
        Role role = role(requiredString(message, "role", path + ".role"), path + ".role");
        JsonNode content = required(message, "content", path + ".content");
        List<ContentBlock> blocks = new ArrayList<>();
        if (content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                blocks.add(new ContentBlock.Text(content.textValue()));
            }
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                ContentBlock block = block(content.get(i), path + ".content." + i, role);
                if (block != null) {
                    blocks.add(block);
                }
            }
        } else {
            throw new InvalidRequestException(path + ".content",
                    "expected a string or an array of content blocks, got " + kind(content));
        }
        if (role == Role.ASSISTANT) {
            // Only now: a tool result answers a call of an earlier message, never of its own.
            for (ContentBlock block : blocks) {
                if (block instanceof ContentBlock.ToolUse use) {
                    toolUseIds.add(use.id());
                }
            }
        }
        return new Message(role, blocks);
    }

    private static Role role(String role, String path) {
        return switch (role) {
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "system" -> Role.SYSTEM;
            default -> throw new InvalidRequestException(path, "unknown role '" + role + "'; expected user, assistant or system");
        };
    }

    /** One block, or null for a block that carries nothing a local model can use. */
    private ContentBlock block(JsonNode node, String path, Role role) {
        ObjectNode block = object(node, path);
        String type = requiredString(block, "type", path + ".type");
        return switch (type) {
            case "text" -> new ContentBlock.Text(requiredString(block, "text", path + ".text"));
            case "image" -> {
                allowedIn(role, Role.USER, type, path);
                yield image(block, path);
            }
            case "tool_use" -> {
                allowedIn(role, Role.ASSISTANT, type, path);
                yield toolUse(block, path);
            }
            case "tool_result" -> {
                allowedIn(role, Role.USER, type, path);
                yield toolResult(block, path);
            }
            case "thinking" -> {
                allowedIn(role, Role.ASSISTANT, type, path);
                String signature = optionalString(block, "signature", path + ".signature");
                yield new ContentBlock.Thinking(requiredString(block, "thinking", path + ".thinking"),
                        signature == null ? "" : signature);
            }
            case "redacted_thinking" -> {
                // Encrypted reasoning of Anthropic's models: no local model can read it.
                allowedIn(role, Role.ASSISTANT, type, path);
                yield null;
            }
            default -> throw new InvalidRequestException(path + ".type",
                    "unknown content block type '" + type + "'; expected one of " + BLOCK_TYPES);
        };
    }

    private static void allowedIn(Role actual, Role expected, String type, String path) {
        if (actual != expected) {
            throw new InvalidRequestException(path, type + " blocks belong in " + expected.wireName()
                    + " messages, not in " + actual.wireName() + " messages");
        }
    }

    private static ContentBlock.Image image(ObjectNode block, String path) {
        ObjectNode source = object(required(block, "source", path + ".source"), path + ".source");
        String type = requiredString(source, "type", path + ".source.type");
        if (!type.equals("base64")) {
            throw new InvalidRequestException(path + ".source.type", "only base64 images are supported, got '" + type
                    + "'; send the image inline as {\"type\":\"base64\",\"media_type\":…,\"data\":…} (the gateway fetches nothing)");
        }
        String mediaType = requiredString(source, "media_type", path + ".source.media_type");
        if (!InlineImages.MEDIA_TYPES.contains(mediaType)) {
            throw new InvalidRequestException(path + ".source.media_type",
                    "unsupported image type '" + mediaType + "'; expected image/jpeg, image/png, image/gif or image/webp");
        }
        String data = requiredNonBlank(source, "data", path + ".source.data");
        if (!InlineImages.isBase64(data)) {
            throw new InvalidRequestException(path + ".source.data", "is not valid base64; send the image's bytes base64-encoded, without a data: prefix");
        }
        return new ContentBlock.Image(mediaType, data);
    }

    private ContentBlock.ToolUse toolUse(ObjectNode block, String path) {
        String id = requiredNonBlank(block, "id", path + ".id");
        if (toolUseIds.contains(id)) {
            throw new InvalidRequestException(path + ".id", "tool_use id '" + id + "' is used by an earlier tool_use block; ids must be unique");
        }
        String name = requiredNonBlank(block, "name", path + ".name");
        JsonNode input = required(block, "input", path + ".input");
        return new ContentBlock.ToolUse(id, name, object(input, path + ".input"));
    }

    private ContentBlock.ToolResult toolResult(ObjectNode block, String path) {
        String toolUseId = requiredNonBlank(block, "tool_use_id", path + ".tool_use_id");
        if (!toolUseIds.contains(toolUseId)) {
            throw new InvalidRequestException(path + ".tool_use_id", "'" + toolUseId
                    + "' matches no tool_use block of an earlier assistant message");
        }
        boolean isError = optionalBoolean(block, "is_error", path + ".is_error", false);
        JsonNode content = given(block, "content");
        List<ContentBlock> parts = new ArrayList<>();
        if (content == null) {
            return new ContentBlock.ToolResult(toolUseId, parts, isError);
        }
        if (content.isTextual()) {
            parts.add(new ContentBlock.Text(content.textValue()));
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                String partPath = path + ".content." + i;
                ObjectNode part = object(content.get(i), partPath);
                String type = requiredString(part, "type", partPath + ".type");
                switch (type) {
                    case "text" -> parts.add(new ContentBlock.Text(string(required(part, "text", partPath + ".text"), partPath + ".text")));
                    case "image" -> parts.add(image(part, partPath));
                    default -> throw new InvalidRequestException(partPath + ".type",
                            "unsupported block type '" + type + "' in a tool result; expected text or image");
                }
            }
        } else {
            throw new InvalidRequestException(path + ".content",
                    "expected a string or an array of text and image blocks, got " + kind(content));
        }
        return new ContentBlock.ToolResult(toolUseId, parts, isError);
    }
}
