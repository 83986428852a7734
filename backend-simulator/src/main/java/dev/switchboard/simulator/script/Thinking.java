package dev.switchboard.simulator.script;

/** Thinking forced by a directive or header. */
public sealed interface Thinking {

    /** {@code think} alone: the configured default thinking text. */
    record DefaultText() implements Thinking {
    }

    /** {@code think="..."}. */
    record Scripted(String text) implements Thinking {
    }
}
