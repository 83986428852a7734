package dev.switchboard.metrics.usage.repository;

import dev.switchboard.metrics.usage.UsageRecord;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code metrics.usage_records}; the table comes from the Flyway migrations. */
@Entity
@Table(name = "usage_records", schema = "metrics")
public class UsageRecordEntity extends PanacheEntityBase {

    /** The table's qualified name, for the native statements beside the entity. */
    public static final String TABLE = "metrics.usage_records";

    @Id
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "conversation_id")
    public String conversationId;
    @Column(name = "client_kind")
    public String clientKind;
    @Column(name = "requested_model")
    public String requestedModel;
    public String model;
    public String pool;
    @Column(name = "worker_id")
    public String workerId;
    @Column(name = "api_key_id")
    public String apiKeyId;
    public String status;
    @Column(name = "stop_reason")
    public String stopReason;
    @Column(name = "error_type")
    public String errorType;
    @Column(name = "input_tokens")
    public int inputTokens;
    @Column(name = "cached_input_tokens")
    public int cachedInputTokens;
    @Column(name = "output_tokens")
    public int outputTokens;
    @Column(name = "ttft_ms")
    public Long ttftMs;
    @Column(name = "duration_ms")
    public Long durationMs;
    @Column(name = "output_tokens_per_second")
    public Double outputTokensPerSecond;
    @Column(name = "queue_wait_ms")
    public Long queueWaitMs;

    public UsageRecord toRecord() {
        return new UsageRecord(jobId, finishedAt, createdAt, conversationId, clientKind, requestedModel, model, pool,
                workerId, apiKeyId, status, stopReason, errorType, inputTokens, cachedInputTokens, outputTokens,
                ttftMs, durationMs, outputTokensPerSecond, queueWaitMs);
    }
}
