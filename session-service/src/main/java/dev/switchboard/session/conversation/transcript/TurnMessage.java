package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;

import java.util.List;

/**
 * One message of a completion, ready to store.
 *
 * @param contentJson the content as the contract's JSON
 * @param text        the prose in it, for titles and search
 * @param fingerprint what tells it apart from other messages, see {@link Fingerprint}
 * @param answer      true for the assistant's answer of this turn, false for a message the client sent
 */
public record TurnMessage(Role role, String contentJson, String text, String fingerprint, boolean answer) {

    public static TurnMessage of(Role role, List<ContentBlock> content, boolean answer) {
        List<ContentBlock> storable = StorableContent.of(content);
        return new TurnMessage(role, ContentJson.write(storable), SearchText.of(storable),
                Fingerprint.of(role, storable), answer);
    }
}
