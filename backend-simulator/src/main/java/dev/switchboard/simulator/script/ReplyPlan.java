package dev.switchboard.simulator.script;

import java.util.List;

/** The pieces to send in order, why the reply ends, and how many tokens it generated. */
public record ReplyPlan(List<Piece> pieces, FinishReason finish, int completionTokens) {

    public ReplyPlan {
        pieces = List.copyOf(pieces);
    }
}
