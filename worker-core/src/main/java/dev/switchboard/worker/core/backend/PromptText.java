package dev.switchboard.worker.core.backend;

import dev.switchboard.contract.chat.ContentBlock;

import java.util.List;

/**
 * How a worker flattens content blocks into the plain text a backend's message takes: text blocks
 * joined by a blank line, and a tool result as its text, marked when the tool failed. The same for
 * every backend, so that a conversation reads the same to every model.
 */
public final class PromptText {

    private static final String BLOCK_SEPARATOR = "\n\n";
    private static final String TOOL_ERROR_PREFIX = "Error: ";

    private PromptText() {
    }

    /** The text blocks among {@code blocks}, joined. */
    public static String join(List<ContentBlock> blocks) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Text t) {
                append(text, t.text());
            }
        }
        return text.toString();
    }

    /** Adds a piece after what {@code text} holds, a blank line between them; empty pieces add nothing. */
    public static void append(StringBuilder text, String piece) {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(BLOCK_SEPARATOR);
        }
        text.append(piece);
    }

    /** A tool result's text; a failed tool's says so, even when the tool printed nothing. */
    public static String toolResult(ContentBlock.ToolResult result) {
        String text = result.text();
        return result.isError() ? TOOL_ERROR_PREFIX + (text.isEmpty() ? "the tool failed without output" : text) : text;
    }
}
