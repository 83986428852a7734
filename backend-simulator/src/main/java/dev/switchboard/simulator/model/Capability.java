package dev.switchboard.simulator.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a model can do, as Ollama's {@code /api/show} lists it. */
public enum Capability {
    COMPLETION, TOOLS, THINKING, VISION, INSERT, EMBEDDING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
