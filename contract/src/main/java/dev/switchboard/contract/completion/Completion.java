package dev.switchboard.contract.completion;

import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;

import java.time.Instant;
import java.util.List;

/**
 * One record per finished job on {@code llm.completions}, keyed by conversation id (else job id)
 * so that a conversation's turns stay in order. Session and metrics services build conversations
 * and usage from it, idempotently by job id.
 *
 * @param system     the request's system prompt, or null
 * @param messages   the request's messages, as the client sent them this turn
 * @param output     the assistant's answer, possibly partial when cancelled or interrupted
 * @param stopReason why the generation ended, null unless {@code status} is OK
 * @param error      why it failed, null when {@code status} is OK
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
        List<ContentBlock> output) implements Versioned {

    public Completion {
        messages = messages == null ? List.of() : List.copyOf(messages);
        output = output == null ? List.of() : List.copyOf(output);
        usage = usage == null ? Usage.ZERO : usage;
    }
}
