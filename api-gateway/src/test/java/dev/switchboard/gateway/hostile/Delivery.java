package dev.switchboard.gateway.hostile;

import java.time.Duration;

/** How the request's bytes go on the wire. */
sealed interface Delivery {

    /** Headers with a Content-Length, then the body as fast as the socket takes it. */
    record Whole() implements Delivery {
    }

    /** {@code Transfer-Encoding: chunked}, so the server learns the size only by reading. */
    record Chunked(int chunkBytes) implements Delivery {
    }

    /** The whole request, a few bytes at a time with a pause between writes. */
    record Trickle(int bytesPerWrite, Duration pause) implements Delivery {
    }

    /**
     * The request up to a point (counted in header bytes, or in body bytes after the headers), held
     * open on {@code connections} connections at once, then abandoned: the client stops sending
     * and closes. A response, if the server sends one, must still be a proper 4xx.
     */
    record Cut(Integer afterHeaderBytes, Integer afterBodyBytes, Duration hold, int connections) implements Delivery {
    }
}
