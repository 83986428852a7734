package dev.switchboard.session.conversation.repository;

import dev.switchboard.session.conversation.transcript.StoredRef;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<MessageEntity, Long> {

    /** Where each shown message of the conversation is and what it is, without its content. */
    public Uni<List<StoredRef>> shownRefs(String conversationId) {
        return find("conversationId = :id and superseded = false order by position",
                Parameters.with("id", conversationId))
                .project(StoredRef.class)
                .list();
    }

    /** The conversation's shown messages in order. */
    public Uni<List<MessageEntity>> shown(String conversationId) {
        return list("conversationId = :id and superseded = false order by position", Parameters.with("id", conversationId));
    }

    public Uni<MessageEntity> at(String conversationId, int position) {
        return find("conversationId = :id and position = :position",
                Parameters.with("id", conversationId).and("position", position)).firstResult();
    }

    /** Whether the conversation holds a message of this job (or of this exchange's prompt id). */
    public Uni<Boolean> hasJob(String conversationId, String jobId) {
        return count("conversationId = :id and jobId = :job", Parameters.with("id", conversationId).and("job", jobId))
                .map(count -> count > 0);
    }

    public Uni<Integer> supersede(String conversationId, List<Integer> positions) {
        if (positions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("superseded = true where conversationId = :id and position in :positions",
                Parameters.with("id", conversationId).and("positions", positions));
    }
}
