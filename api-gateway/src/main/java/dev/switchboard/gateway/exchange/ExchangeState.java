package dev.switchboard.gateway.exchange;

import java.util.List;
import java.util.Map;

/**
 * An exchange as Redis keeps it, written by the gateway running it at every turn's start and end:
 * enough for another gateway to cancel its running turns, or to continue it.
 *
 * @param turns       how many turns were started so far (turns are numbered from 1)
 * @param nextSpeaker the index of the participant who speaks next in a conversation
 * @param remaining   how many turns of the current request are still to start
 * @param runningJobs the jobs of the turns running now, by turn number
 * @param running     whether a request is being answered (between {@code exchange_start} and {@code exchange_end})
 * @param nextSeq     the sequence number the exchange's next event gets
 * @param apiKeyId    the API key of the client that started it, which its turns' jobs carry; null without one
 */
public record ExchangeState(String id, String conversationId, ExchangeMode mode,
                            List<Participant> participants, List<Said> transcript, int turns,
                            int nextSpeaker, int remaining,
                            Map<Integer, String> runningJobs, boolean running,
                            long nextSeq, String apiKeyId) {

    /** The same state, its next event numbered {@code seq}. */
    ExchangeState from(long seq) {
        return new ExchangeState(id, conversationId, mode, participants, transcript, turns, nextSpeaker, remaining, runningJobs,
                running, seq, apiKeyId);
    }
}
