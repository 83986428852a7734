package dev.switchboard.simulator.script;

import java.util.StringJoiner;

/** What the answer text is. */
public sealed interface ReplySpec {

    /** The text to send for this request, given the last user message (directives removed). */
    String render(String lastUserText);

    /** A fixed text. */
    record Scripted(String text) implements ReplySpec {
        @Override
        public String render(String lastUserText) {
            return text;
        }
    }

    /** The last user message, directives removed and trimmed. */
    record Echo() implements ReplySpec {
        @Override
        public String render(String lastUserText) {
            return lastUserText.strip();
        }
    }

    /** Exactly {@code tokens} tokens {@code w1 w2 w3 ...}, so that order and completeness can be checked. */
    record Generated(int tokens) implements ReplySpec {
        @Override
        public String render(String lastUserText) {
            StringJoiner words = new StringJoiner(" ");
            for (int i = 1; i <= tokens; i++) {
                words.add("w" + i);
            }
            return words.toString();
        }
    }
}
