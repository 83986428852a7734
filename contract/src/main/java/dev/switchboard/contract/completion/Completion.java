package dev.switchboard.contract.completion;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.ExchangeTurn;
import dev.switchboard.contract.job.GenerationJob;

import java.time.Instant;
import java.util.List;

/**
 * One record per finished job on {@code llm.completions}, keyed by conversation id (else job id)
 * so that a conversation's turns stay in order. Session and metrics services build conversations
 * and usage from it, idempotently by job id. Built from its job with {@link #finished} or
 * {@link #ended}, the one place where the job's fields are copied into it.
 *
 * @param system     the request's system prompt, or null
 * @param messages   the request's messages, as the client sent them this turn
 * @param output     the assistant's answer, possibly partial when cancelled or interrupted
 * @param stopReason why the generation ended, null unless {@code status} is OK
 * @param error      why it failed, null when {@code status} is OK
 * @param reattached how many times a client re-attached to the generation (resumable ones only)
 * @param exchange   the turn of a multi-model exchange the job was, or null
 */
public record Completion(
        int schemaVersion,
        String jobId,
        String conversationId,
        ClientKind clientKind,
        String requestedModel,
        String model,
        String pool,
        String workerId,
        String apiKeyId,
        CompletionStatus status,
        StopReason stopReason,
        String stopSequence,
        CompletionError error,
        Usage usage,
        Timings timings,
        Instant createdAt,
        Instant finishedAt,
        String system,
        List<Message> messages,
        List<ContentBlock> output,
        int reattached,
        ExchangeTurn exchange) implements Versioned {

    public Completion {
        messages = messages == null ? List.of() : List.copyOf(messages);
        output = output == null ? List.of() : List.copyOf(output);
        usage = usage == null ? Usage.ZERO : usage;
    }

    /** A generation that was no turn of an exchange. */
    public Completion(int schemaVersion, String jobId, String conversationId, ClientKind clientKind, String requestedModel,
                      String model, String pool, String workerId, String apiKeyId, CompletionStatus status,
                      StopReason stopReason, String stopSequence, CompletionError error, Usage usage, Timings timings,
                      Instant createdAt, Instant finishedAt, String system, List<Message> messages,
                      List<ContentBlock> output, int reattached) {
        this(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool, workerId, apiKeyId, status,
                stopReason, stopSequence, error, usage, timings, createdAt, finishedAt, system, messages, output,
                reattached, null);
    }

    /** A generation nobody re-attached to. */
    public Completion(int schemaVersion, String jobId, String conversationId, ClientKind clientKind, String requestedModel,
                      String model, String pool, String workerId, String apiKeyId, CompletionStatus status,
                      StopReason stopReason, String stopSequence, CompletionError error, Usage usage, Timings timings,
                      Instant createdAt, Instant finishedAt, String system, List<Message> messages,
                      List<ContentBlock> output) {
        this(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool, workerId, apiKeyId, status,
                stopReason, stopSequence, error, usage, timings, createdAt, finishedAt, system, messages, output, 0);
    }

    /** The same record, noting how many times a client re-attached to the generation. */
    public Completion withReattached(int times) {
        return new Completion(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool, workerId,
                apiKeyId, status, stopReason, stopSequence, error, usage, timings, createdAt, finishedAt, system, messages,
                output, times, exchange);
    }

    /** The job ran to its end: the whole answer, and why it stopped. */
    public static Completion finished(GenerationJob job, String workerId, StopReason stopReason, String stopSequence,
                                      Usage usage, Timings timings, Instant finishedAt, List<ContentBlock> output) {
        return of(job, workerId, CompletionStatus.OK, stopReason, stopSequence, null, usage, timings, finishedAt, output);
    }

    /**
     * The job ended without finishing (it failed, was cancelled, was never run, or its worker died):
     * why, and the part of the answer produced before.
     */
    public static Completion ended(GenerationJob job, String workerId, CompletionStatus status, CompletionError error,
                                   Usage usage, Timings timings, Instant finishedAt, List<ContentBlock> output) {
        return of(job, workerId, status, null, null, error, usage, timings, finishedAt, output);
    }

    private static Completion of(GenerationJob job, String workerId, CompletionStatus status, StopReason stopReason,
                                 String stopSequence, CompletionError error, Usage usage, Timings timings,
                                 Instant finishedAt, List<ContentBlock> output) {
        return new Completion(SchemaVersion.CURRENT, job.jobId(), job.conversationId(), job.clientKind(),
                job.requestedModel(), job.model(), job.pool(), workerId, job.apiKeyId(), status, stopReason,
                stopSequence, error, usage, timings, job.createdAt(), finishedAt, job.request().system(),
                job.request().messages(), output, 0, job.exchange());
    }

    /** The Kafka key: a conversation's turns land on one partition, so they are stored in order. */
    public String kafkaKey() {
        return conversationId != null ? conversationId : jobId;
    }
}
