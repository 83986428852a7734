package dev.switchboard.session.conversation.transcript;

import java.util.List;

/**
 * What a turn changes in its conversation's transcript.
 *
 * @param appendFrom   the index in the turn's messages from which they are new (their count when none is)
 * @param supersede    positions of stored messages that the client's history replaced
 * @param lastPosition the stored position of the turn's last message when it is not new, else -1
 */
public record MergePlan(int appendFrom, List<Integer> supersede, int lastPosition) {

    public MergePlan {
        supersede = List.copyOf(supersede);
    }
}
