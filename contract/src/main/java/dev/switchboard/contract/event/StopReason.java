package dev.switchboard.contract.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.WireEnum;

/** Why a generation ended normally. */
public enum StopReason {
    END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static StopReason fromWire(String value) {
        return WireEnum.fromWire(StopReason.class, value);
    }
}
