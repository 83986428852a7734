package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.chat.ContentBlock;

import java.util.ArrayList;
import java.util.List;

/** Builds the assistant's answer, block by block, from the pieces a backend streams. */
final class OutputCollector {

    private final List<ContentBlock> blocks = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private int toolCalls;

    void text(String piece) {
        flushThinking();
        text.append(piece);
    }

    void thinking(String piece) {
        flushText();
        thinking.append(piece);
    }

    void toolUse(ContentBlock.ToolUse toolUse) {
        flushText();
        flushThinking();
        blocks.add(toolUse);
        toolCalls++;
    }

    boolean calledTools() {
        return toolCalls > 0;
    }

    List<ContentBlock> blocks() {
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
