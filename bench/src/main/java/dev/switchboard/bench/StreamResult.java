package dev.switchboard.bench;

/**
 * One stream as the client saw it. Times are {@link System#nanoTime()} of this JVM.
 *
 * @param path        {@code direct} or {@code gateway}
 * @param startNanos  just before the request was handed to the HTTP client
 * @param tokenNanos  arrival of each token, in stream order: the moment the chunk holding it was read
 * @param endNanos    when the stream ended, well or badly
 * @param error       {@code null} for a good stream; else the kind of failure and what it was
 */
public record StreamResult(String path, long startNanos, long[] tokenNanos, long endNanos, String error) {

    public boolean ok() {
        return error == null;
    }

    public int tokens() {
        return tokenNanos.length;
    }

    /** Time to first token, nanoseconds; -1 without a token. */
    public long ttftNanos() {
        return tokenNanos.length == 0 ? -1 : tokenNanos[0] - startNanos;
    }

    public long totalNanos() {
        return endNanos - startNanos;
    }

    /** The error's kind, the part before the first colon, for counting. */
    public String errorKind() {
        if (error == null) {
            return null;
        }
        int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }
}
