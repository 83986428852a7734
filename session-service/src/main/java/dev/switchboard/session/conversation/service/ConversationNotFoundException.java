package dev.switchboard.session.conversation.service;

public class ConversationNotFoundException extends RuntimeException {

    public ConversationNotFoundException(String id) {
        super("no conversation has the id '" + id + "'; list them with GET /api/sessions");
    }
}
