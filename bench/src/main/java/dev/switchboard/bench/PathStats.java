package dev.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one path did at one level.
 *
 * @param tokensPerSecond   tokens received over all streams in the level's steady window, per second
 * @param requestsPerSecond streams that ended in the steady window, per second
 * @param ttft              time to first token of the good streams
 * @param gap               every inter-token gap of the good streams
 * @param total             request sent to stream ended, good streams
 * @param errors            failed streams by kind ({@code http}, {@code transport}, {@code truncated}, {@code tokens}, …)
 * @param firstErrors       a few failures verbatim, to see what went wrong
 */
public record PathStats(String path, int requests, int ok, long tokensReceived, double tokensPerSecond,
                        double requestsPerSecond, Percentiles ttft, Percentiles gap, Percentiles total,
                        Map<String, Integer> errors, List<String> firstErrors) {

    /** The window [fromNanos, toNanos) measures throughput: every slot busy in it. */
    public static PathStats of(String path, List<StreamResult> results, long fromNanos, long toNanos) {
        int ok = 0;
        long tokens = 0;
        long windowTokens = 0;
        long windowEnds = 0;
        long[] ttft = new long[results.size()];
        long[] total = new long[results.size()];
        int gapCount = 0;
        for (StreamResult result : results) {
            gapCount += result.ok() ? Math.max(0, result.tokens() - 1) : 0;
        }
        long[] gaps = new long[gapCount];
        int g = 0;
        Map<String, Integer> errors = new TreeMap<>();
        List<String> firstErrors = new java.util.ArrayList<>();
        for (StreamResult result : results) {
            long[] at = result.tokenNanos();
            tokens += at.length;
            for (long t : at) {
                if (t >= fromNanos && t < toNanos) {
                    windowTokens++;
                }
            }
            if (result.endNanos() >= fromNanos && result.endNanos() < toNanos) {
                windowEnds++;
            }
            if (!result.ok()) {
                errors.merge(result.errorKind(), 1, Integer::sum);
                if (firstErrors.size() < 5) {
                    firstErrors.add(result.error());
                }
                continue;
            }
            ttft[ok] = result.ttftNanos();
            total[ok] = result.totalNanos();
            ok++;
            for (int k = 1; k < at.length; k++) {
                gaps[g++] = at[k] - at[k - 1];
            }
        }
        double seconds = (toNanos - fromNanos) / 1e9;
        return new PathStats(path, results.size(), ok, tokens, windowTokens / seconds, windowEnds / seconds,
                Percentiles.ofNanos(ttft, ok), Percentiles.ofNanos(gaps, g), Percentiles.ofNanos(total, ok),
                errors, List.copyOf(firstErrors));
    }

    public int failed() {
        return requests - ok;
    }
}
