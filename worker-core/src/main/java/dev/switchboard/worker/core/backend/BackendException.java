package dev.switchboard.worker.core.backend;

import dev.switchboard.contract.event.ErrorType;

/** A backend failure, classified the way clients see it. */
public class BackendException extends RuntimeException {

    private final ErrorType type;

    public BackendException(ErrorType type, String message) {
        this(type, message, null);
    }

    public BackendException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
