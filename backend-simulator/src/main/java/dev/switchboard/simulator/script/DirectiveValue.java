package dev.switchboard.simulator.script;

/** The value of one directive item, as written: no value, text (quoted or bare), or JSON. */
public sealed interface DirectiveValue {

    /** {@code key} alone, without {@code =value}. */
    record Flag() implements DirectiveValue {
    }

    /** A quoted string (unescaped) or a bare word. */
    record Text(String text) implements DirectiveValue {
    }

    /** A JSON object or array, verbatim; checked by the consumer of the key. */
    record Json(String json) implements DirectiveValue {
    }
}
