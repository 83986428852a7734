package dev.switchboard.session.conversation.service;

import dev.switchboard.session.conversation.Source;

import java.time.Instant;
import java.util.List;

/**
 * A conversation without its messages.
 *
 * @param title        null until a user message with text arrives or someone names it
 * @param models       the models that answered in it, in order of first use
 * @param messageCount its shown messages
 */
public record Conversation(String id, String title, Source source, List<String> models, boolean archived,
                           TokenTotals tokens, int messageCount, Instant createdAt, Instant updatedAt) {

    public Conversation {
        models = List.copyOf(models);
    }

    /** Tokens of every job of the conversation, counted once per job. */
    public record TokenTotals(long inputTokens, long cachedInputTokens, long outputTokens) {
    }
}
