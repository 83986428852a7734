package dev.switchboard.session.conversation.service;

import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.session.conversation.Source;
import dev.switchboard.session.conversation.repository.ConversationEntity;
import dev.switchboard.session.conversation.repository.MessageEntity;
import dev.switchboard.session.conversation.transcript.ContentJson;

import java.util.List;

/** Rows to domain records. */
final class Conversations {

    private Conversations() {
    }

    static Conversation of(ConversationEntity row) {
        return new Conversation(row.id, row.title, Source.fromWire(row.source).orElse(Source.API),
                row.models == null ? List.of() : List.of(row.models), row.archived,
                new Conversation.TokenTotals(row.inputTokens, row.cachedInputTokens, row.outputTokens),
                row.messageCount, row.createdAt, row.updatedAt);
    }

    static ConversationMessage of(MessageEntity row) {
        Usage usage = row.inputTokens == null && row.outputTokens == null ? null
                : new Usage(zeroIfNull(row.inputTokens), zeroIfNull(row.cachedInputTokens), zeroIfNull(row.outputTokens));
        ConversationMessage.Failure error = row.errorType == null && row.errorMessage == null ? null
                : new ConversationMessage.Failure(row.errorType, row.errorMessage);
        return new ConversationMessage(row.position, Role.fromWire(row.role), ContentJson.read(row.content), row.model,
                row.jobId, usage, row.stopReason, row.partial, error, row.createdAt, row.speaker);
    }

    private static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
