package dev.switchboard.contract.chat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** One piece of a message's content. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ContentBlock.Text.class, name = "text"),
        @JsonSubTypes.Type(value = ContentBlock.Image.class, name = "image"),
        @JsonSubTypes.Type(value = ContentBlock.ToolUse.class, name = "tool_use"),
        @JsonSubTypes.Type(value = ContentBlock.ToolResult.class, name = "tool_result"),
        @JsonSubTypes.Type(value = ContentBlock.Thinking.class, name = "thinking")
})
public sealed interface ContentBlock {

    record Text(String text) implements ContentBlock {
        public Text {
            text = text == null ? "" : text;
        }
    }

    /** An image carried inline, base64-encoded. */
    record Image(String mediaType, String data) implements ContentBlock {
    }

    /** A tool call made by the assistant; {@code input} is always a JSON object. */
    record ToolUse(String id, String name, ObjectNode input) implements ContentBlock {
    }

    /** The result of a tool call, sent back by the client. */
    record ToolResult(String toolUseId, List<ContentBlock> content, boolean isError) implements ContentBlock {
        public ToolResult {
            content = content == null ? List.of() : List.copyOf(content);
        }

        /** The text of the result, images left out. */
        public String text() {
            StringBuilder text = new StringBuilder();
            for (ContentBlock block : content) {
                if (block instanceof Text t) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(t.text());
                }
            }
            return text.toString();
        }
    }

    /** The model's reasoning; the signature lets a client send it back unchanged. */
    record Thinking(String thinking, String signature) implements ContentBlock {
    }
}
