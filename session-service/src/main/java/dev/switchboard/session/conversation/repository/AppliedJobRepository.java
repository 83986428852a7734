package dev.switchboard.session.conversation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class AppliedJobRepository implements PanacheRepositoryBase<AppliedJobEntity, String> {

    /**
     * Records the job as applied; false when it already was (a redelivered record). In the turn's
     * transaction, so a turn rolled back leaves its job free to be applied again.
     */
    public Uni<Boolean> claim(String jobId, String conversationId, Instant at) {
        return Panache.getSession().chain(session -> session.createMutationQuery("""
                        insert into AppliedJobEntity (jobId, conversationId, appliedAt)
                        values (:jobId, :conversationId, :at)
                        on conflict do nothing""")
                .setParameter("jobId", jobId)
                .setParameter("conversationId", conversationId)
                .setParameter("at", at)
                .executeUpdate()).map(inserted -> inserted == 1);
    }
}
