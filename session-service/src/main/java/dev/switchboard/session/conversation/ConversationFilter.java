package dev.switchboard.session.conversation;

import java.util.Optional;

/**
 * Which conversations a list shows.
 *
 * @param text matched case-insensitively anywhere in the title or a shown message's text
 */
public record ConversationFilter(Optional<Source> source, Optional<Boolean> archived, Optional<String> text) {

    public static final ConversationFilter ALL = new ConversationFilter(Optional.empty(), Optional.empty(), Optional.empty());
}
