package dev.switchboard.session.conversation;

import dev.switchboard.contract.job.ClientKind;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a conversation comes from, as the API and the database spell it. */
public enum Source {
    CLAUDE_CODE("claude-code"),
    WEB("web"),
    API("api");

    private final String wireName;

    Source(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Source of(ClientKind kind) {
        if (kind == null) {
            return API;
        }
        return switch (kind) {
            case CLAUDE_CODE -> CLAUDE_CODE;
            case WEB -> WEB;
            case ANTHROPIC, OPENAI, OLLAMA -> API;
        };
    }

    public static Optional<Source> fromWire(String value) {
        return Arrays.stream(values()).filter(source -> source.wireName.equals(value)).findFirst();
    }

    /** The accepted spellings, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(Source::wireName).collect(Collectors.joining(", "));
    }
}
