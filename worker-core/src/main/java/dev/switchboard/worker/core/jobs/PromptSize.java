package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;

/** A rough token count of a prompt, for the rare answers whose backend never reported one. */
final class PromptSize {

    /** About four characters a token for English text and code. */
    private static final int CHARS_PER_TOKEN = 4;

    private PromptSize() {
    }

    static int estimateTokens(ChatRequest request) {
        long chars = request.system() == null ? 0 : request.system().length();
        for (Message message : request.messages()) {
            for (ContentBlock block : message.content()) {
                chars += switch (block) {
                    case ContentBlock.Text text -> text.text().length();
                    case ContentBlock.ToolUse use -> use.name().length() + String.valueOf(use.input()).length();
                    case ContentBlock.ToolResult result -> result.text().length();
                    case ContentBlock.Thinking thinking -> thinking.thinking() == null ? 0 : thinking.thinking().length();
                    case ContentBlock.Image image -> 1600L * CHARS_PER_TOKEN;
                };
            }
        }
        for (var tool : request.tools()) {
            chars += tool.name().length() + (tool.description() == null ? 0 : tool.description().length())
                    + String.valueOf(tool.inputSchema()).length();
        }
        return (int) Math.min(Integer.MAX_VALUE, chars / CHARS_PER_TOKEN);
    }
}
