package dev.switchboard.bench;

import java.util.BitSet;
import java.util.List;

/** Whether a stream carried the simulator's reply {@code w1 w2 … wN} whole: every token, in order, none twice. */
public final class TokenCheck {

    private TokenCheck() {
    }

    /** @return {@code null} when the words are exactly {@code w1 … wN}, else what is wrong, in a few words */
    public static String check(List<String> words, int expected) {
        BitSet seen = new BitSet(expected + 1);
        int duplicated = 0;
        int outOfOrder = 0;
        int foreign = 0;
        int previous = 0;
        for (String word : words) {
            int n = number(word);
            if (n < 1 || n > expected) {
                foreign++;
                continue;
            }
            if (seen.get(n)) {
                duplicated++;
            }
            seen.set(n);
            if (n < previous) {
                outOfOrder++;
            }
            previous = n;
        }
        int missing = expected - seen.cardinality();
        if (missing == 0 && duplicated == 0 && outOfOrder == 0 && foreign == 0) {
            return null;
        }
        StringBuilder problem = new StringBuilder();
        append(problem, missing, "missing");
        append(problem, duplicated, "duplicated");
        append(problem, outOfOrder, "out of order");
        append(problem, foreign, "unexpected");
        return problem.toString();
    }

    private static void append(StringBuilder problem, int count, String what) {
        if (count > 0) {
            problem.append(problem.isEmpty() ? "" : ", ").append(count).append(' ').append(what);
        }
    }

    private static int number(String word) {
        if (word.length() < 2 || word.charAt(0) != 'w') {
            return -1;
        }
        try {
            return Integer.parseInt(word, 1, word.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
