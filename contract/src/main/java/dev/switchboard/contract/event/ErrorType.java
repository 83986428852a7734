package dev.switchboard.contract.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.WireEnum;

/** Why a generation failed; each front protocol maps these to its own error types. */
public enum ErrorType {
    /** The request cannot run as sent, e.g. the prompt does not fit the model. */
    INVALID_REQUEST,
    /** The model is unknown to the backend. */
    NOT_FOUND,
    /** The request is not allowed by the operator's settings, e.g. a cloud model while cloud is off. */
    PERMISSION_DENIED,
    /** The backend is busy or unreachable. */
    OVERLOADED,
    /** The backend answered an error or broke the stream. */
    BACKEND_ERROR,
    /** The job's deadline passed. */
    TIMEOUT,
    /** The client stopped the generation. */
    CANCELLED,
    /** The worker died or went silent after the first token. */
    INTERRUPTED;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static ErrorType fromWire(String value) {
        return WireEnum.fromWire(ErrorType.class, value);
    }
}
