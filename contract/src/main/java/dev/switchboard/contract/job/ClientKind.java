package dev.switchboard.contract.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.WireEnum;

/** Which kind of client sent a request; sessions and usage are grouped by it. */
public enum ClientKind {
    /** Claude Code (recognised by its session header or metadata). */
    CLAUDE_CODE,
    /** Any other client of the Anthropic Messages API. */
    ANTHROPIC,
    /** A client of the OpenAI-shaped endpoints. */
    OPENAI,
    /** A client of the Ollama-shaped endpoints. */
    OLLAMA,
    /** Switchboard's web chat. */
    WEB;

    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    @JsonCreator
    public static ClientKind fromWire(String value) {
        return WireEnum.fromWire(ClientKind.class, value);
    }
}
