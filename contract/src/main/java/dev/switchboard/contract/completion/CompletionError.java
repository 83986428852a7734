package dev.switchboard.contract.completion;

import dev.switchboard.contract.event.ErrorType;

/** Why a job did not finish. */
public record CompletionError(ErrorType type, String message) {
}
