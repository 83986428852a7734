package dev.switchboard.session.conversation.service;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.event.Usage;

import java.time.Instant;
import java.util.List;

/**
 * A stored message.
 *
 * @param position   its place in the conversation; positions only grow, so a superseded message leaves a gap
 * @param model      the model that wrote it, null for the client's messages
 * @param jobId      the job that brought it
 * @param usage      the job's tokens, on the answer only
 * @param stopReason why the answer ended; on a client message when its job ended without answering
 * @param partial    the answer was cut short
 * @param error      why its job failed, or null
 * @param speaker    the participant of a multi-model exchange who said it, or null
 */
public record ConversationMessage(int position, Role role, List<ContentBlock> content, String model, String jobId,
                                  Usage usage, String stopReason, boolean partial, Failure error, Instant createdAt,
                                  String speaker) {

    public ConversationMessage {
        content = List.copyOf(content);
    }

    /** @param type the contract's error type, e.g. {@code backend_error} */
    public record Failure(String type, String message) {
    }
}
