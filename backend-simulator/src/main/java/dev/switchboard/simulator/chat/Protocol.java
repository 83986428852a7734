package dev.switchboard.simulator.chat;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The wire protocols the simulator speaks. */
public enum Protocol {
    OLLAMA, OPENAI;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
