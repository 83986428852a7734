package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.Role;

import java.util.List;
import java.util.Optional;

/** A conversation's title until someone renames it: the start of its first user message's text. */
public final class Titles {

    /** Long enough to tell conversations apart in a list, short enough for one line. */
    public static final int MAX_LENGTH = 80;
    /** Longest title a person may give. */
    public static final int MAX_CUSTOM_LENGTH = 200;

    private Titles() {
    }

    /** The title the first user message with text gives, if any of these messages has text. */
    public static Optional<String> derive(List<TurnMessage> messages) {
        return messages.stream()
                .filter(message -> message.role() == Role.USER)
                .map(message -> fromText(message.text()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** The text with whitespace runs made single spaces, cut at a word boundary with an ellipsis. */
    public static Optional<String> fromText(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        if (oneLine.isEmpty()) {
            return Optional.empty();
        }
        if (oneLine.length() <= MAX_LENGTH) {
            return Optional.of(oneLine);
        }
        int cut = MAX_LENGTH - 1;
        if (Character.isLowSurrogate(oneLine.charAt(cut))) {
            cut--;
        }
        int space = oneLine.lastIndexOf(' ', cut);
        if (space >= MAX_LENGTH / 2) {
            cut = space;
        }
        return Optional.of(oneLine.substring(0, cut).stripTrailing() + "…");
    }
}
