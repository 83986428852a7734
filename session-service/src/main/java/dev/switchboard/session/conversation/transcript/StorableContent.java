package dev.switchboard.session.conversation.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.contract.chat.ContentBlock;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes content storable in PostgreSQL, which refuses the NUL character in {@code text} and
 * {@code jsonb} values. A tool result that read a binary file carries NULs; refusing it would
 * dead-letter that turn and every later one (clients resend the whole conversation), so each
 * NUL becomes U+FFFD, the replacement character, the same way every time.
 */
public final class StorableContent {

    private static final char NUL = '\u0000';
    private static final char REPLACEMENT = '\uFFFD';

    private StorableContent() {
    }

    public static List<ContentBlock> of(List<ContentBlock> blocks) {
        return blocks.stream().map(StorableContent::of).toList();
    }

    static ContentBlock of(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text text -> new ContentBlock.Text(clean(text.text()));
            case ContentBlock.Image image -> new ContentBlock.Image(clean(image.mediaType()), clean(image.data()));
            case ContentBlock.ToolUse use -> new ContentBlock.ToolUse(clean(use.id()), clean(use.name()),
                    use.input() == null ? null : (ObjectNode) clean(use.input()));
            case ContentBlock.ToolResult result -> new ContentBlock.ToolResult(clean(result.toolUseId()),
                    of(result.content()), result.isError());
            case ContentBlock.Thinking thinking -> new ContentBlock.Thinking(clean(thinking.thinking()),
                    clean(thinking.signature()));
        };
    }

    static String clean(String value) {
        return value == null || value.indexOf(NUL) < 0 ? value : value.replace(NUL, REPLACEMENT);
    }

    private static JsonNode clean(JsonNode node) {
        if (node instanceof TextNode text) {
            String cleaned = clean(text.textValue());
            return cleaned.equals(text.textValue()) ? text : TextNode.valueOf(cleaned);
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(clean(field.getKey()), clean(field.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(array.size());
            array.forEach(element -> copy.add(clean(element)));
            return copy;
        }
        return node;
    }
}
