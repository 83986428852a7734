package dev.switchboard.session.conversation.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ContentBlock;

import java.util.List;

/** Content blocks in the shape of Anthropic's Messages API, as the REST API and the JSON export show them. */
public final class AnthropicContent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicContent() {
    }

    public static ArrayNode of(List<ContentBlock> blocks) {
        ArrayNode array = NODES.arrayNode(blocks.size());
        blocks.forEach(block -> array.add(of(block)));
        return array;
    }

    static ObjectNode of(ContentBlock block) {
        ObjectNode node = NODES.objectNode();
        switch (block) {
            case ContentBlock.Text text -> node.put("type", "text").put("text", text.text());
            case ContentBlock.Image image -> {
                node.put("type", "image");
                node.putObject("source").put("type", "base64").put("media_type", image.mediaType()).put("data", image.data());
            }
            case ContentBlock.ToolUse use -> {
                node.put("type", "tool_use").put("id", use.id()).put("name", use.name());
                node.set("input", use.input() == null ? NODES.objectNode() : use.input());
            }
            case ContentBlock.ToolResult result -> {
                node.put("type", "tool_result").put("tool_use_id", result.toolUseId());
                node.set("content", of(result.content()));
                node.put("is_error", result.isError());
            }
            case ContentBlock.Thinking thinking -> {
                node.put("type", "thinking").put("thinking", thinking.thinking());
                if (thinking.signature() != null) {
                    node.put("signature", thinking.signature());
                }
            }
        }
        return node;
    }
}
