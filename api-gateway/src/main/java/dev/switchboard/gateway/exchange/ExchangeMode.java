package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How the participants of an exchange answer. */
public enum ExchangeMode {
    /** In turn, each seeing every earlier turn: a conversation between the models. */
    CONVERSATION("conversation"),
    /** All at once, each to the user's messages alone: the answers side by side. */
    SIDE_BY_SIDE("side-by-side");

    private final String wire;

    ExchangeMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    static ExchangeMode of(String wire) {
        return fromWire(wire).orElseThrow(() -> new IllegalArgumentException("no exchange mode '" + wire + "'"));
    }

    static Optional<ExchangeMode> fromWire(String wire) {
        return Arrays.stream(values()).filter(mode -> mode.wire.equals(wire)).findFirst();
    }
}
