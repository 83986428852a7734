package dev.switchboard.session.conversation.repository;

import dev.switchboard.session.conversation.ConversationFilter;
import dev.switchboard.session.conversation.Source;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<ConversationEntity, String> {

    /** Escapes LIKE's wildcards in a search text; '!' is the escape character of the queries below. */
    private static final char LIKE_ESCAPE = '!';

    /**
     * Creates the conversation unless it exists. Two instances storing turns of one new
     * conversation at once both get here; the second waits for the first and creates nothing.
     */
    public Uni<Void> createIfAbsent(String id, Source source, String apiKeyId, Instant at) {
        return Panache.getSession().chain(session -> session.createMutationQuery("""
                        insert into ConversationEntity (id, source, apiKeyId, models, titleSetByUser, archived, inputTokens,
                            cachedInputTokens, outputTokens, messageCount, nextPosition, createdAt, updatedAt)
                        values (:id, :source, :apiKeyId, :models, false, false, 0, 0, 0, 0, 0, :at, :at)
                        on conflict do nothing""")
                .setParameter("id", id)
                .setParameter("source", source.wireName())
                .setParameter("apiKeyId", apiKeyId)
                .setParameter("models", new String[0])
                .setParameter("at", at)
                .executeUpdate()).replaceWithVoid();
    }

    /** The conversation, locked until the transaction ends: one turn at a time changes it. */
    public Uni<ConversationEntity> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** A page of conversations, the most recently updated first. */
    public Uni<List<ConversationEntity>> page(ConversationFilter filter, int page, int size) {
        Where where = where(filter);
        return find("from ConversationEntity c" + where.clause() + " order by c.updatedAt desc, c.id desc", where.parameters())
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> count(ConversationFilter filter) {
        Where where = where(filter);
        return count("from ConversationEntity c" + where.clause(), where.parameters());
    }

    private record Where(String clause, Parameters parameters) {
    }

    private static Where where(ConversationFilter filter) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        filter.source().ifPresent(source -> {
            conditions.add("c.source = :source");
            parameters.and("source", source.wireName());
        });
        filter.apiKeyId().ifPresent(key -> {
            conditions.add("c.apiKeyId = :apiKeyId");
            parameters.and("apiKeyId", key);
        });
        filter.archived().ifPresent(archived -> {
            conditions.add("c.archived = :archived");
            parameters.and("archived", archived);
        });
        filter.text().ifPresent(text -> {
            conditions.add("(c.title ilike :pattern escape '!' or exists (select 1 from MessageEntity m"
                    + " where m.conversationId = c.id and m.superseded = false and m.text ilike :pattern escape '!'))");
            parameters.and("pattern", "%" + escapeLike(text) + "%");
        });
        return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), parameters);
    }

    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                escaped.append(LIKE_ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
