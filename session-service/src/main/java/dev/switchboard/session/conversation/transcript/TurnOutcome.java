package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;

/**
 * How a turn ended, as stored with its answer (or, when there is no answer, with the message
 * it answered).
 *
 * @param stopReason the model's stop reason ({@code end_turn}, {@code tool_use}, ...), or
 *                   {@code stopped_by_user}, {@code interrupted} or {@code error}
 * @param partial    the job was cut short (stopped, interrupted or failed), whether or not it answered
 * @param errorType  the contract's error type when the job failed, else null
 */
public record TurnOutcome(String stopReason, boolean partial, String errorType, String errorMessage) {

    public static final String STOPPED_BY_USER = "stopped_by_user";
    public static final String INTERRUPTED = "interrupted";
    public static final String ERROR = "error";

    public static TurnOutcome of(Completion completion) {
        CompletionError error = completion.error();
        String errorType = error == null || error.type() == null ? null : error.type().wireName();
        String errorMessage = error == null ? null : error.message();
        return switch (completion.status()) {
            case OK -> new TurnOutcome(completion.stopReason() == null ? null : completion.stopReason().wireName(),
                    false, null, null);
            case CANCELLED -> new TurnOutcome(STOPPED_BY_USER, true, null, null);
            case INTERRUPTED -> new TurnOutcome(INTERRUPTED, true, errorType, errorMessage);
            case ERROR -> new TurnOutcome(ERROR, true, errorType == null ? "backend_error" : errorType,
                    errorMessage == null ? "the generation failed" : errorMessage);
        };
    }
}
