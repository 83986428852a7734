package dev.switchboard.session.conversation;

import java.util.Optional;

/**
 * Which conversations a list shows.
 *
 * @param text     matched case-insensitively anywhere in the title or a shown message's text
 * @param apiKeyId only the conversations of this API key
 */
public record ConversationFilter(Optional<Source> source, Optional<Boolean> archived, Optional<String> text,
                                 Optional<String> apiKeyId) {

    public static final ConversationFilter ALL = new ConversationFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());
}
