package dev.switchboard.session.conversation.service;

import dev.switchboard.session.conversation.ConversationFilter;
import dev.switchboard.session.conversation.Source;
import dev.switchboard.session.conversation.repository.ConversationEntity;
import dev.switchboard.session.conversation.repository.ConversationRepository;
import dev.switchboard.session.conversation.repository.MessageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the REST API does with conversations; turns arrive through {@link TurnRecorder}. Given an API
 * key ({@code apiKeyId}), each call sees only that key's conversations: another's is not found.
 */
@ApplicationScoped
public class ConversationService {

    private final ConversationRepository conversations;
    private final MessageRepository messages;

    public ConversationService(ConversationRepository conversations, MessageRepository messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    /** An empty conversation, e.g. for the web chat to send its first message in. */
    @WithTransaction
    public Uni<Conversation> create(Optional<String> title, Source source, Optional<String> apiKeyId) {
        Instant now = Instant.now();
        ConversationEntity row = new ConversationEntity();
        row.id = UUID.randomUUID().toString();
        row.title = title.orElse(null);
        row.titleSetByUser = title.isPresent();
        row.source = source.wireName();
        row.apiKeyId = apiKeyId.orElse(null);
        row.models = new String[0];
        row.createdAt = now;
        row.updatedAt = now;
        return conversations.persist(row).map(Conversations::of);
    }

    @WithSession
    public Uni<ConversationPage> list(ConversationFilter filter, int page, int size) {
        return conversations.page(filter, page, size).chain(rows -> conversations.count(filter)
                .map(total -> new ConversationPage(rows.stream().map(Conversations::of).toList(), page, size, total)));
    }

    @WithSession
    public Uni<Transcript> get(String id, Optional<String> apiKeyId) {
        return existing(id, apiKeyId).chain(row -> messages.shown(id)
                .map(rows -> new Transcript(Conversations.of(row), rows.stream().map(Conversations::of).toList())));
    }

    /**
     * Renames and (un)archives. A title given here is kept however the conversation goes on;
     * {@code updated_at} stays the time of the last message, so a rename does not reorder the list.
     */
    @WithTransaction
    public Uni<Conversation> update(String id, Optional<String> apiKeyId, Optional<String> title, Optional<Boolean> archived) {
        return existing(id, apiKeyId).map(row -> {
            title.ifPresent(newTitle -> {
                row.title = newTitle;
                row.titleSetByUser = true;
            });
            archived.ifPresent(value -> row.archived = value);
            return Conversations.of(row);
        });
    }

    /**
     * Deletes the conversation and its messages. Its jobs stay applied: a redelivered record does
     * not bring it back, but the client's next turn starts it again with the history it resends.
     */
    @WithTransaction
    public Uni<Void> delete(String id, Optional<String> apiKeyId) {
        return existing(id, apiKeyId).chain(conversations::delete);
    }

    private Uni<ConversationEntity> existing(String id, Optional<String> apiKeyId) {
        return conversations.findById(id)
                .map(row -> row == null || apiKeyId.isPresent() && !apiKeyId.get().equals(row.apiKeyId) ? null : row)
                .onItem().ifNull().failWith(() -> new ConversationNotFoundException(id));
    }
}
