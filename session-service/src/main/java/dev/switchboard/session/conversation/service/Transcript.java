package dev.switchboard.session.conversation.service;

import java.util.List;

/** A conversation with its shown messages in order. */
public record Transcript(Conversation conversation, List<ConversationMessage> messages) {

    public Transcript {
        messages = List.copyOf(messages);
    }
}
