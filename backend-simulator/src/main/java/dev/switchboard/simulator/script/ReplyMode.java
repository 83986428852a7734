package dev.switchboard.simulator.script;

/** The default reply when a request asks for nothing in particular. */
public enum ReplyMode {
    /** {@code simulator.reply.text}. */
    TEXT,
    /** The last user message. */
    ECHO,
    /** {@code simulator.reply.tokens} numbered words. */
    GENERATE
}
