package dev.switchboard.gateway.models;

import dev.switchboard.contract.event.ErrorType;

/** A model operation that could not be done, classified as the backends classify failures. */
public class ModelOperationException extends RuntimeException {

    private final ErrorType type;

    public ModelOperationException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public static ModelOperationException notFound(String message) {
        return new ModelOperationException(ErrorType.NOT_FOUND, message);
    }

    public static ModelOperationException unavailable(String message) {
        return new ModelOperationException(ErrorType.OVERLOADED, message);
    }

    public ErrorType type() {
        return type;
    }
}
