package dev.switchboard.session.conversation.service;

import java.util.List;

/** @param total conversations matching the filter on all pages */
public record ConversationPage(List<Conversation> items, int page, int size, long total) {

    public ConversationPage {
        items = List.copyOf(items);
    }
}
