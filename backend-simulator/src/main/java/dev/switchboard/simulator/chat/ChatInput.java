package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.model.SimModel;

import java.util.List;
import java.util.OptionalInt;

/**
 * A chat request in protocol-neutral terms.
 *
 * @param maxTokens       token budget of the reply, negative for none
 * @param thinkingEnabled whether the model thinks by default for this request (Ollama {@code think},
 *                        a thinking model on the OpenAI side)
 * @param contextLimit    the context the model is loaded with (Ollama {@code num_ctx}); longer prompts are cut
 */
public record ChatInput(
        Protocol protocol,
        SimModel model,
        boolean stream,
        List<ChatTurn> turns,
        String toolsJson,
        List<String> toolNames,
        int maxTokens,
        List<String> stop,
        boolean thinkingEnabled,
        OptionalInt contextLimit) {

    public ChatInput {
        turns = List.copyOf(turns);
        toolNames = List.copyOf(toolNames);
        stop = List.copyOf(stop);
    }

    /** Index of the last message with role user, or -1. */
    public int lastUserIndex() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (ChatTurn.USER.equals(turns.get(i).role())) {
                return i;
            }
        }
        return -1;
    }

    public String lastUserText() {
        int i = lastUserIndex();
        return i < 0 ? "" : turns.get(i).text();
    }

    /** The text of the system messages, in order; empty when there is none. */
    public String systemText() {
        StringBuilder text = new StringBuilder();
        turns.stream().filter(turn -> ChatTurn.SYSTEM.equals(turn.role())).forEach(turn -> text.append(turn.text()).append('\n'));
        return text.toString();
    }

    /** True when tool results follow the last user message: the client is answering a tool call. */
    public boolean answersToolCall() {
        int last = lastUserIndex();
        for (int i = last + 1; i < turns.size(); i++) {
            if (ChatTurn.TOOL.equals(turns.get(i).role())) {
                return true;
            }
        }
        return false;
    }

    /** The text the prompt is estimated from: every message and the tool definitions. */
    public String promptText() {
        StringBuilder sb = new StringBuilder();
        for (ChatTurn turn : turns) {
            sb.append(turn.role()).append('\n').append(turn.text()).append('\n');
        }
        return sb.append(toolsJson).toString();
    }
}
