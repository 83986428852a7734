package dev.switchboard.gateway.exchange;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What one participant is asked on its turn: the exchange's transcript as that participant sees it.
 * Pure.
 *
 * <p>The rules: the user's messages are user messages; the participant's own turns are assistant
 * messages; in a conversation, the other participants' turns are user messages prefixed by their
 * name ({@code Alpha: …}), and side by side the participant does not see them at all. Consecutive
 * user messages are merged into one, blank-line separated, since many chat templates refuse two
 * user turns in a row. The participant's system prompt is the request's.
 */
public final class ExchangeHistory {

    private ExchangeHistory() {
    }

    public static ChatRequest forTurn(Participant speaker, ExchangeMode mode, List<Said> transcript) {
        List<Message> messages = new ArrayList<>();
        StringBuilder user = new StringBuilder();
        for (Said said : transcript) {
            if (!said.byUser() && said.speaker().equals(speaker.name())) {
                flush(user, messages);
                messages.add(Message.text(Role.ASSISTANT, said.text()));
            } else if (said.byUser()) {
                append(user, said.text());
            } else if (mode == ExchangeMode.CONVERSATION) {
                append(user, said.speaker() + ": " + said.text());
            }
        }
        flush(user, messages);
        Sampling sampling = new Sampling(speaker.maxTokens(), speaker.temperature(), null, null, List.of(), ThinkingConfig.off());
        return new ChatRequest(blankToNull(speaker.system()), messages, List.of(), null, sampling);
    }

    private static void append(StringBuilder user, String text) {
        if (!user.isEmpty()) {
            user.append("\n\n");
        }
        user.append(text);
    }

    private static void flush(StringBuilder user, List<Message> messages) {
        if (!user.isEmpty()) {
            messages.add(Message.text(Role.USER, user.toString()));
            user.setLength(0);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
