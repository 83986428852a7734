package dev.switchboard.metrics.usage;

import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;

import java.time.Instant;

/**
 * What one finished job used, as stored and as served: one per job id. Enumerations are kept in
 * their wire names, so that a value written by a newer service still reads back.
 *
 * @param conversationId        the conversation, or the job id for a job outside any conversation
 * @param durationMs            from the worker starting the job to its end
 * @param ttftMs                from the worker starting the job to the first token, null when none came
 * @param outputTokensPerSecond generated tokens per second after the first one, null when it cannot be told
 * @param queueWaitMs           from the gateway accepting the job to a worker starting it
 */
public record UsageRecord(
        String jobId,
        Instant finishedAt,
        Instant createdAt,
        String conversationId,
        String clientKind,
        String requestedModel,
        String model,
        String pool,
        String workerId,
        String apiKeyId,
        String status,
        String stopReason,
        String errorType,
        int inputTokens,
        int cachedInputTokens,
        int outputTokens,
        Long ttftMs,
        Long durationMs,
        Double outputTokensPerSecond,
        Long queueWaitMs) {

    /** @throws InvalidCompletionException when the completion lacks what a usage record cannot do without */
    public static UsageRecord of(Completion completion) {
        String jobId = required(completion.jobId(), "job_id", completion);
        required(completion.model(), "model", completion);
        if (completion.status() == null) {
            throw new InvalidCompletionException("completion " + jobId + " has no status");
        }
        if (completion.finishedAt() == null) {
            throw new InvalidCompletionException("completion " + jobId + " has no finished_at");
        }
        Usage usage = completion.usage();
        Timings timings = completion.timings();
        return new UsageRecord(
                jobId,
                completion.finishedAt(),
                completion.createdAt(),
                isBlank(completion.conversationId()) ? jobId : completion.conversationId(),
                completion.clientKind() == null ? null : completion.clientKind().wireName(),
                completion.requestedModel(),
                completion.model(),
                completion.pool(),
                completion.workerId(),
                completion.apiKeyId(),
                completion.status().wireName(),
                completion.stopReason() == null ? null : completion.stopReason().wireName(),
                completion.error() == null || completion.error().type() == null ? null : completion.error().type().wireName(),
                usage.inputTokens(),
                usage.cachedInputTokens(),
                usage.outputTokens(),
                timings == null ? null : timings.timeToFirstTokenMs(),
                timings == null ? null : timings.generationMs(),
                timings == null ? null : timings.outputTokensPerSecond(usage.outputTokens()),
                timings == null ? null : timings.queueWaitMs());
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    private static String required(String value, String field, Completion completion) {
        if (isBlank(value)) {
            String job = isBlank(completion.jobId()) ? "a completion" : "completion " + completion.jobId();
            throw new InvalidCompletionException(job + " has no " + field);
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
