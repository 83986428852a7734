package dev.switchboard.worker.core.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.config.WorkerConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Streams one HTTP exchange with the backend server at a time, for every backend: a JSON body
 * written whole with its Content-Length (mlx_lm.server reads exactly Content-Length bytes and
 * answers 411 to a chunked body), the answer read line by line as the server flushes it and handed
 * to the backend's {@link LineDecoder}, and every failure classified by {@link BackendServer}.
 *
 * <p>Invariants: a stream ends exactly once — complete when its decoder says the answer is done (or
 * the body ends and the decoder accepts that), or failed with a
 * {@link dev.switchboard.worker.core.backend.BackendException}. A server silent for
 * {@link BackendServer#idleTimeout()}, before the answer starts or between two pieces, fails it.
 * Cancelling the stream closes the TCP connection at once: Ollama, vLLM and mlx_lm.server stop
 * generating only when their client is gone. A completed answer leaves its connection for reuse.
 */
@ApplicationScoped
public class BackendStream {

    private final Vertx vertx;
    private final BackendServer server;
    private final HttpClient client;

    @Inject
    public BackendStream(Vertx vertx, BackendServer server, WorkerConfig worker) {
        // One connection per running generation, plus room for cancelled ones still closing.
        this(vertx, server, Math.max(8, worker.capacity() * 2));
    }

    public BackendStream(Vertx vertx, BackendServer server, int connections) {
        this.vertx = vertx;
        this.server = server;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) server.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(connections));
    }

    @PreDestroy
    public void close() {
        client.close();
    }

    /**
     * {@code POST path} with {@code body} and {@code headers} (Content-Type is JSON), streaming what
     * a fresh decoder from {@code decoders} makes of each line of a 200 answer.
     */
    public <T> Multi<T> post(String path, ObjectNode body, Map<String, String> headers, Supplier<? extends LineDecoder<T>> decoders) {
        Buffer payload;
        try {
            payload = Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Multi.createFrom().failure(new BackendException(ErrorType.BACKEND_ERROR, "the request could not be written", e));
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(server.url(path))
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        headers.forEach(options::putHeader);
        return Multi.createFrom().emitter(emitter -> new Exchange<T>(emitter, decoders.get()).open(options, payload));
    }

    /**
     * One request and the subscriber it feeds. Response data arrives on the connection's event
     * loop; a cancel may come from any thread. No lock is held while emitting, so a subscriber that
     * cancels from inside its own lock cannot deadlock with a piece being delivered.
     */
    private final class Exchange<T> {

        private final MultiEmitter<? super T> emitter;
        private final LineDecoder<T> decoder;
        private final LineSplitter lines = new LineSplitter();
        private volatile HttpClientRequest request;
        /** The subscriber has its last signal, or left. */
        private volatile boolean ended;
        /** The answer was complete; the connection may serve another request. */
        private volatile boolean completed;
        private volatile long lastHeard;
        private volatile long timer = -1;

        Exchange(MultiEmitter<? super T> emitter, LineDecoder<T> decoder) {
            this.emitter = emitter;
            this.decoder = decoder;
            emitter.onTermination(this::terminated);
        }

        void open(RequestOptions options, Buffer payload) {
            heard();
            watch();
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    fail(server.unreachable(opened.cause()));
                    return;
                }
                if (!attach(opened.result())) {
                    return;
                }
                // send(Buffer) writes the body in one piece with its Content-Length, never chunked.
                opened.result().send(payload).onComplete(answered -> {
                    if (answered.failed()) {
                        fail(server.unreachable(answered.cause()));
                    } else {
                        receive(answered.result());
                    }
                });
            });
        }

        /** False when the subscriber left while the connection was being opened; then it is closed. */
        private boolean attach(HttpClientRequest opened) {
            request = opened;
            if (ended) {
                opened.connection().close();
                return false;
            }
            return true;
        }

        private void receive(HttpClientResponse response) {
            heard();
            if (response.statusCode() != 200) {
                response.body().onComplete(body -> fail(server.forStatus(response.statusCode(),
                        body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : "")));
                return;
            }
            response.handler(data -> {
                heard();
                read(lines.feed(data));
            });
            response.exceptionHandler(failure -> fail(server.brokeOff(failure)));
            response.endHandler(ignored -> {
                read(lines.rest());
                if (!ended && decode(decoder::end)) {
                    complete();
                }
            });
        }

        private void read(List<String> received) {
            for (String line : received) {
                if (ended || !decode(() -> decoder.line(line))) {
                    return;
                }
                if (decoder.done()) {
                    complete();
                    return;
                }
            }
        }

        /** Emits what the decoder makes of its input; false when it failed the stream instead. */
        private boolean decode(Supplier<List<T>> decoding) {
            List<T> items;
            try {
                items = decoding.get();
            } catch (RuntimeException e) {
                fail(server.classify(e));
                return false;
            }
            for (T item : items) {
                emitter.emit(item);
            }
            return true;
        }

        private void complete() {
            if (!ended) {
                completed = true;
                emitter.complete();
            }
        }

        private void fail(BackendException failure) {
            if (!ended) {
                emitter.fail(failure);
            }
        }

        private void heard() {
            lastHeard = System.nanoTime();
        }

        /** Fails the exchange once the server has been silent for the idle timeout. */
        private void watch() {
            if (ended) {
                return;
            }
            long idleMillis = server.idleTimeout().toMillis();
            long silentMillis = (System.nanoTime() - lastHeard) / 1_000_000;
            if (silentMillis >= idleMillis) {
                fail(server.silent());
                return;
            }
            timer = vertx.setTimer(Math.max(1, idleMillis - silentMillis), id -> watch());
        }

        /** Completion leaves the connection open for reuse; a cancel or a failure closes it at once. */
        private void terminated() {
            ended = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (completed) {
                return;
            }
            HttpClientRequest opened = request;
            if (opened != null) {
                opened.connection().close();
            }
        }
    }
}
