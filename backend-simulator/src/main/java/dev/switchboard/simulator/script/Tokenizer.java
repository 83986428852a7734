package dev.switchboard.simulator.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens roughly the way a BPE tokenizer does: a word with its one leading
 * space ({@code " hello"}), words longer than {@value #MAX_WORD} characters in pieces, each
 * punctuation mark on its own, runs of newlines together. Joining the tokens gives the text back.
 */
public final class Tokenizer {

    static final int MAX_WORD = 10;

    private Tokenizer() {
    }

    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            int start = i;
            char c = text.charAt(i);
            if (c == '\n') {
                while (i < n && text.charAt(i) == '\n') {
                    i++;
                }
                tokens.add(text.substring(start, i));
                continue;
            }
            if (Character.isWhitespace(c)) {
                int end = i;
                while (end < n && Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '\n') {
                    end++;
                }
                boolean wordFollows = end < n && text.charAt(end) != '\n';
                if (wordFollows && text.charAt(end - 1) == ' ') {
                    if (end - 1 > start) {
                        // all but the last space, which goes with the next word
                        tokens.add(text.substring(start, end - 1));
                    }
                    i = end - 1;
                    start = i;
                    i++; // the space leads the word
                } else {
                    tokens.add(text.substring(start, end));
                    i = end;
                    continue;
                }
            }
            i = endOfWord(text, i);
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }

    public static int count(String text) {
        return tokens(text).size();
    }

    private static int endOfWord(String text, int i) {
        int cp = text.codePointAt(i);
        if (!Character.isLetterOrDigit(cp)) {
            return i + Character.charCount(cp);
        }
        int letters = 0;
        while (i < text.length() && letters < MAX_WORD) {
            cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                break;
            }
            i += Character.charCount(cp);
            letters++;
        }
        return i;
    }
}
