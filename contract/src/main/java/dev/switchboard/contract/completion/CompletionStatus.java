package dev.switchboard.contract.completion;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.WireEnum;

/** How a job ended. */
public enum CompletionStatus {
    /** The generation finished. */
    OK,
    /** It failed before finishing. */
    ERROR,
    /** The client stopped it. */
    CANCELLED,
    /** Its worker died or went silent after the first token. */
    INTERRUPTED;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static CompletionStatus fromWire(String value) {
        return WireEnum.fromWire(CompletionStatus.class, value);
    }
}
