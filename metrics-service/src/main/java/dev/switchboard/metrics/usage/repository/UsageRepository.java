package dev.switchboard.metrics.usage.repository;

import dev.switchboard.metrics.usage.UsagePage;
import dev.switchboard.metrics.usage.UsageQuery;
import dev.switchboard.metrics.usage.UsageRecord;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Usage records: stored once per job id, read back one at a time or a page at a time. */
@ApplicationScoped
public class UsageRepository implements PanacheRepositoryBase<UsageRecordEntity, String> {

    /** A redelivered completion inserts nothing, and the update count tells the caller so. */
    private static final String INSERT = """
            insert into UsageRecordEntity (jobId, finishedAt, createdAt, conversationId, clientKind, requestedModel,
                model, pool, workerId, apiKeyId, status, stopReason, errorType, inputTokens, cachedInputTokens,
                outputTokens, ttftMs, durationMs, outputTokensPerSecond, queueWaitMs)
            values (:jobId, :finishedAt, :createdAt, :conversationId, :clientKind, :requestedModel,
                :model, :pool, :workerId, :apiKeyId, :status, :stopReason, :errorType, :inputTokens, :cachedInputTokens,
                :outputTokens, :ttftMs, :durationMs, :outputTokensPerSecond, :queueWaitMs)
            on conflict (jobId) do nothing""";

    /** Deletes in bounded batches: one huge delete would hold its locks and its transaction for long. */
    private static final String DELETE_BATCH = "delete from " + UsageRecordEntity.TABLE
            + " where job_id in (select job_id from " + UsageRecordEntity.TABLE
            + " where finished_at < :cutoff limit :limit)";

    private static final Sort NEWEST_FIRST = Sort.descending("finishedAt", "jobId");

    /** Completes with true when the record was inserted, false when its job id was already stored. */
    @WithTransaction
    public Uni<Boolean> insertIfAbsent(UsageRecord record) {
        return getSession().chain(session -> session.createMutationQuery(INSERT)
                        .setParameter("jobId", record.jobId())
                        .setParameter("finishedAt", record.finishedAt())
                        .setParameter("createdAt", record.createdAt())
                        .setParameter("conversationId", record.conversationId())
                        .setParameter("clientKind", record.clientKind())
                        .setParameter("requestedModel", record.requestedModel())
                        .setParameter("model", record.model())
                        .setParameter("pool", record.pool())
                        .setParameter("workerId", record.workerId())
                        .setParameter("apiKeyId", record.apiKeyId())
                        .setParameter("status", record.status())
                        .setParameter("stopReason", record.stopReason())
                        .setParameter("errorType", record.errorType())
                        .setParameter("inputTokens", record.inputTokens())
                        .setParameter("cachedInputTokens", record.cachedInputTokens())
                        .setParameter("outputTokens", record.outputTokens())
                        .setParameter("ttftMs", record.ttftMs())
                        .setParameter("durationMs", record.durationMs())
                        .setParameter("outputTokensPerSecond", record.outputTokensPerSecond())
                        .setParameter("queueWaitMs", record.queueWaitMs())
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    @WithSession
    public Uni<Optional<UsageRecord>> findByJobId(String jobId) {
        return findById(jobId).map(entity -> Optional.ofNullable(entity).map(UsageRecordEntity::toRecord));
    }

    /** One page of the matching records, newest first, with the number that match in all. */
    @WithSession
    public Uni<UsagePage> page(UsageQuery query, int page, int size) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (query.from() != null) {
            conditions.add("finishedAt >= :from");
            parameters.put("from", query.from());
        }
        if (query.to() != null) {
            conditions.add("finishedAt < :to");
            parameters.put("to", query.to());
        }
        if (query.model() != null) {
            conditions.add("model = :model");
            parameters.put("model", query.model());
        }
        if (query.conversationId() != null) {
            conditions.add("conversationId = :conversationId");
            parameters.put("conversationId", query.conversationId());
        }
        if (query.apiKeyId() != null) {
            conditions.add("apiKeyId = :apiKeyId");
            parameters.put("apiKeyId", query.apiKeyId());
        }
        PanacheQuery<UsageRecordEntity> matching = conditions.isEmpty()
                ? findAll(NEWEST_FIRST)
                : find(String.join(" and ", conditions), NEWEST_FIRST, parameters);
        // One session runs one statement at a time: the count waits for the page.
        return matching.page(page, size).list().chain(entities -> matching.count().map(total ->
                new UsagePage(entities.stream().map(UsageRecordEntity::toRecord).toList(), page, size, total)));
    }

    /** Deletes up to {@code limit} records that finished before the cutoff; tells how many went. */
    @WithTransaction
    public Uni<Integer> deleteFinishedBefore(Instant cutoff, int limit) {
        return getSession().chain(session -> session.createNativeQuery(DELETE_BATCH)
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate());
    }
}
