package dev.switchboard.simulator.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the resolved reply (thinking, text, tool calls) into the pieces to send, honouring the
 * token budget ({@code num_predict}, {@code max_tokens}) and stop sequences.
 */
public final class ReplyPlanner {

    /** Tokens a tool call costs beyond its name and arguments: the model's call markup. */
    static final int TOOL_CALL_OVERHEAD = 2;

    private ReplyPlanner() {
    }

    /**
     * @param maxTokens the budget for thinking, text and tool calls together; negative for none
     * @param stop      sequences that end the text where they would start; they are not sent
     */
    public static ReplyPlan plan(Optional<String> thinking, String text, List<ToolSpec> tools, int maxTokens,
            List<String> stop) {
        List<Piece> wanted = new ArrayList<>();
        thinking.ifPresent(t -> Tokenizer.tokens(t).forEach(token -> wanted.add(new Piece.Thinking(token))));

        int cut = firstStop(text, stop);
        boolean stopped = cut >= 0;
        String visible = stopped ? text.substring(0, cut) : text;
        Tokenizer.tokens(visible).forEach(token -> wanted.add(new Piece.Text(token)));

        if (!stopped) {
            for (int i = 0; i < tools.size(); i++) {
                ToolSpec tool = tools.get(i);
                int cost = Tokenizer.count(tool.name()) + Tokenizer.count(tool.argumentsJson()) + TOOL_CALL_OVERHEAD;
                wanted.add(new Piece.ToolCall(i, tool.name(), tool.argumentsJson(), cost));
            }
        }

        List<Piece> pieces = new ArrayList<>();
        int used = 0;
        for (Piece piece : wanted) {
            if (maxTokens >= 0 && used + piece.tokens() > maxTokens) {
                // the budget ends inside this piece: a tool call cut short is never sent
                return new ReplyPlan(pieces, FinishReason.LENGTH, maxTokens);
            }
            pieces.add(piece);
            used += piece.tokens();
        }
        boolean called = pieces.stream().anyMatch(Piece.ToolCall.class::isInstance);
        return new ReplyPlan(pieces, called ? FinishReason.TOOL_CALLS : FinishReason.STOP, used);
    }

    private static int firstStop(String text, List<String> stop) {
        int first = -1;
        for (String s : stop) {
            if (s == null || s.isEmpty()) {
                continue;
            }
            int at = text.indexOf(s);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
