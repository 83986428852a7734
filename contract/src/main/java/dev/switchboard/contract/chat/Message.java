package dev.switchboard.contract.chat;

import java.util.List;

/** One turn of a conversation. */
public record Message(Role role, List<ContentBlock> content) {

    public Message {
        if (role == null) {
            throw new IllegalArgumentException("a message needs a role");
        }
        content = content == null ? List.of() : List.copyOf(content);
    }

    public static Message text(Role role, String text) {
        return new Message(role, List.of(new ContentBlock.Text(text)));
    }
}
