package dev.switchboard.session.support;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.ExchangeTurn;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Completion records as a worker publishes them, for tests. */
public final class Completions {

    public static final String MODEL = "qwen2.5-coder:7b";
    public static final Usage USAGE = new Usage(100, 40, 10);

    private Completions() {
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static Message user(String text) {
        return Message.text(Role.USER, text);
    }

    public static Message assistant(String text) {
        return Message.text(Role.ASSISTANT, text);
    }

    public static List<ContentBlock> answer(String text) {
        return List.of(new ContentBlock.Text(text));
    }

    /** A job that finished normally. */
    public static Completion ok(String jobId, String conversationId, ClientKind kind, Instant finishedAt,
                                List<Message> messages, List<ContentBlock> output) {
        return completion(jobId, conversationId, kind, CompletionStatus.OK, StopReason.END_TURN, null, finishedAt,
                messages, output);
    }

    /** A job of a client with this API key that finished normally. */
    public static Completion okWithKey(String apiKeyId, String jobId, String conversationId, Instant finishedAt,
                                       List<Message> messages, List<ContentBlock> output) {
        return completion(jobId, conversationId, ClientKind.ANTHROPIC, apiKeyId, CompletionStatus.OK, StopReason.END_TURN,
                null, finishedAt, messages, output);
    }

    public static Completion completion(String jobId, String conversationId, ClientKind kind, CompletionStatus status,
                                        StopReason stopReason, CompletionError error, Instant finishedAt,
                                        List<Message> messages, List<ContentBlock> output) {
        return completion(jobId, conversationId, kind, null, status, stopReason, error, finishedAt, messages, output);
    }

    private static Completion completion(String jobId, String conversationId, ClientKind kind, String apiKeyId,
                                         CompletionStatus status, StopReason stopReason, CompletionError error,
                                         Instant finishedAt, List<Message> messages, List<ContentBlock> output) {
        return new Completion(SchemaVersion.CURRENT, jobId, conversationId, kind, "claude-sonnet-4-5", MODEL,
                "ollama", "worker-test", apiKeyId, status, stopReason, null, error, USAGE,
                new Timings(5, 50L, 500), finishedAt.minusSeconds(1), finishedAt, "You are helpful.", messages, output);
    }

    /** A finished turn of a multi-model exchange, with the history its participant was sent. */
    public static Completion exchangeTurn(String jobId, String conversationId, Instant finishedAt, ExchangeTurn turn,
                                          String model, List<Message> messages, String answer) {
        return new Completion(SchemaVersion.CURRENT, jobId, conversationId, ClientKind.WEB, model, model, "ollama",
                "worker-test", null, CompletionStatus.OK, StopReason.END_TURN, null, null, USAGE,
                new Timings(5, 50L, 500), finishedAt.minusSeconds(1), finishedAt, "You are " + turn.speaker() + ".",
                messages, answer(answer), 0, turn);
    }

    public static CompletionError error(ErrorType type, String message) {
        return new CompletionError(type, message);
    }
}
