package dev.switchboard.worker.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.atomic.AtomicInteger;

/** One chat request as a {@link FakeBackendServer} saw it, and how its answer went. */
public final class Chat {

    private final JsonNode body;
    private final int bodyBytes;
    private final String contentLength;
    private final String transferEncoding;
    private final String authorization;
    final AtomicInteger written = new AtomicInteger();
    volatile boolean clientHungUp;
    volatile boolean ended;

    Chat(JsonNode body, int bodyBytes, HttpServerRequest request) {
        this.body = body;
        this.bodyBytes = bodyBytes;
        this.contentLength = request.getHeader("Content-Length");
        this.transferEncoding = request.getHeader("Transfer-Encoding");
        this.authorization = request.getHeader("Authorization");
    }

    public JsonNode body() {
        return body;
    }

    public String model() {
        return body.path("model").asText();
    }

    public int bodyBytes() {
        return bodyBytes;
    }

    public String contentLength() {
        return contentLength;
    }

    public String transferEncoding() {
        return transferEncoding;
    }

    public String authorization() {
        return authorization;
    }

    /** Lines written to the client. */
    public int written() {
        return written.get();
    }

    /** The client closed the connection before the reply was complete. */
    public boolean clientHungUp() {
        return clientHungUp;
    }

    /** The reply was written to the end. */
    public boolean ended() {
        return ended;
    }
}
