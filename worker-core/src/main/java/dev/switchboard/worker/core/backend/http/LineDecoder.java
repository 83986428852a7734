package dev.switchboard.worker.core.backend.http;

import java.util.List;

/**
 * What a backend supplies to {@link BackendStream}: the translation of its streamed body, one line
 * at a time (NDJSON lines, server-sent event lines). One decoder per response; it is called on one
 * thread at a time and need not be thread-safe. Any method may throw a
 * {@link dev.switchboard.worker.core.backend.BackendException}, which fails the stream.
 *
 * @param <T> what the stream carries, e.g. {@link dev.switchboard.worker.core.backend.BackendEvent}
 */
public interface LineDecoder<T> {

    /** The items of one line, its line break removed. */
    List<T> line(String line);

    /** True once the answer is complete: the stream ends there, and the connection is kept for reuse. */
    boolean done();

    /**
     * The response body ended before {@link #done()}: the last items of an answer that may end this
     * way, or a {@link dev.switchboard.worker.core.backend.BackendException} for one that was cut off.
     */
    List<T> end();
}
