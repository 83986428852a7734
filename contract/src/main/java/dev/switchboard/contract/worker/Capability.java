package dev.switchboard.contract.worker;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.WireEnum;

/** What a model can do beyond plain text. */
public enum Capability {
    TOOLS, THINKING, VISION;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static Capability fromWire(String value) {
        return WireEnum.fromWire(Capability.class, value);
    }
}
