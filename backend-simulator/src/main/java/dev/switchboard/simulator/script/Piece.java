package dev.switchboard.simulator.script;

/** One unit of a reply as it is sent: a token of text or thinking, or a whole tool call. */
public sealed interface Piece {

    /** How many generated tokens this piece stands for (pacing and usage count these). */
    int tokens();

    record Text(String text) implements Piece {
        @Override
        public int tokens() {
            return 1;
        }
    }

    record Thinking(String text) implements Piece {
        @Override
        public int tokens() {
            return 1;
        }
    }

    /** A tool call; {@code index} counts the calls of one reply from 0. */
    record ToolCall(int index, String name, String argumentsJson, int tokens) implements Piece {
    }
}
