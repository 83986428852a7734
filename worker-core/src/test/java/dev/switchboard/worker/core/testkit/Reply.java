package dev.switchboard.worker.core.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link FakeBackendServer} answers to one model's chat: an HTTP error with its body, or
 * these lines, {@code delayMs} apart. With {@code pauseAfter} lines written it waits for
 * {@code resume}; after the last one the response ends, stays open, or loses its connection.
 */
public record Reply(int status, String errorBody, List<String> lines, long delayMs, int pauseAfter,
                   CompletableFuture<Void> resume, Ending ending) {

    public enum Ending { END, LEAVE_OPEN, DROP_CONNECTION }

    public static Reply lines(long delayMs, String... lines) {
        return lines(delayMs, List.of(lines));
    }

    public static Reply lines(long delayMs, List<String> lines) {
        return new Reply(200, null, lines, delayMs, -1, null, Ending.END);
    }

    public static Reply error(int status, String body) {
        return new Reply(status, body, List.of(), 0, -1, null, Ending.END);
    }

    public Reply pausingAfter(int written, CompletableFuture<Void> resume) {
        return new Reply(status, errorBody, lines, delayMs, written, resume, ending);
    }

    public Reply leftOpen() {
        return new Reply(status, errorBody, lines, delayMs, pauseAfter, resume, Ending.LEAVE_OPEN);
    }

    public Reply droppingTheConnection() {
        return new Reply(status, errorBody, lines, delayMs, pauseAfter, resume, Ending.DROP_CONNECTION);
    }
}
