package dev.switchboard.session.conversation.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which messages of a turn are new to the stored transcript.
 *
 * <p>Clients send the whole conversation with every request, so a turn's messages (the request's
 * messages, then the answer) mostly repeat the stored transcript and add to its end. The turn is
 * laid over the transcript where its first message is stored, at the place where the longest run
 * of its messages matches (the latest such place on a tie). Then:
 * <ul>
 *   <li>the run reaches the end of the transcript: the rest of the turn is appended (a new turn);</li>
 *   <li>the run covers the whole turn: nothing is new (an older turn delivered late, or repeated);</li>
 *   <li>the run stops inside both: the client's history diverges from the stored one (the user
 *       edited or rewound a turn, or regenerated an answer). <b>The client's history wins</b>: the
 *       stored messages from that point on are superseded (kept, no longer shown) and the rest of
 *       the turn is appended;</li>
 *   <li>the turn's first message is not in the transcript at all: it is another thread under the
 *       same conversation id (Claude Code's side requests such as title or topic detection, a
 *       sub-agent, the restart after a compaction): it is appended whole.</li>
 * </ul>
 * Since every request resends the client's whole current history, a transcript that went astray
 * (a side thread appended after the main one, or a late record of an abandoned branch processed
 * after its replacement) is set right by the conversation's next turn: its messages diverge from
 * the stray ones, which are superseded.
 */
public final class TranscriptMerge {

    private TranscriptMerge() {
    }

    /**
     * @param stored   the transcript's messages in order of position, superseded ones left out
     * @param incoming the fingerprints of the turn's messages, in order
     */
    public static MergePlan plan(List<StoredRef> stored, List<String> incoming) {
        if (incoming.isEmpty()) {
            return new MergePlan(0, List.of(), -1);
        }
        int start = -1;
        int matched = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (!stored.get(i).fingerprint().equals(incoming.getFirst())) {
                continue;
            }
            int run = 1;
            while (run < incoming.size() && i + run < stored.size()
                    && stored.get(i + run).fingerprint().equals(incoming.get(run))) {
                run++;
            }
            if (run >= matched) {
                start = i;
                matched = run;
            }
        }
        if (start < 0) {
            return new MergePlan(0, List.of(), -1);
        }
        if (matched == incoming.size()) {
            return new MergePlan(matched, List.of(), stored.get(start + matched - 1).position());
        }
        List<Integer> supersede = new ArrayList<>();
        for (int i = start + matched; i < stored.size(); i++) {
            supersede.add(stored.get(i).position());
        }
        return new MergePlan(matched, supersede, -1);
    }
}
