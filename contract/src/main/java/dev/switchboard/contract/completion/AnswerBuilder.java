package dev.switchboard.contract.completion;

import dev.switchboard.contract.chat.ContentBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the assistant's answer, block by block, from the pieces of a stream: the worker records
 * the whole answer with it, the gateway the part a dead worker managed to send.
 */
public final class AnswerBuilder {

    private final List<ContentBlock> blocks = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private int toolCalls;

    public void text(String piece) {
        flushThinking();
        text.append(piece);
    }

    public void thinking(String piece) {
        flushText();
        thinking.append(piece);
    }

    public void toolUse(ContentBlock.ToolUse toolUse) {
        flushText();
        flushThinking();
        blocks.add(toolUse);
        toolCalls++;
    }

    public boolean calledTools() {
        return toolCalls > 0;
    }

    public List<ContentBlock> blocks() {
        flushText();
        flushThinking();
        return List.copyOf(blocks);
    }

    private void flushText() {
        if (!text.isEmpty()) {
            blocks.add(new ContentBlock.Text(text.toString()));
            text.setLength(0);
        }
    }

    private void flushThinking() {
        if (!thinking.isEmpty()) {
            blocks.add(new ContentBlock.Thinking(thinking.toString(), null));
            thinking.setLength(0);
        }
    }
}
