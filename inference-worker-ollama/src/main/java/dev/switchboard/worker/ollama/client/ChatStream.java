package dev.switchboard.worker.ollama.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.TransportFailures;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.ollama.config.OllamaConfig;
import dev.switchboard.worker.ollama.mapping.ChatResponseMapper;
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
import io.vertx.core.parsetools.RecordParser;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams {@code POST /api/chat} with Vert.x's HTTP client, one NDJSON line at a time as Ollama
 * flushes it. Cancelling the returned stream closes the TCP connection at once: that is the only
 * way to make Ollama stop generating.
 */
@ApplicationScoped
public class ChatStream {

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final String chatUrl;
    private final Duration idleTimeout;

    public ChatStream(Vertx vertx, WorkerConfig worker, OllamaConfig config) {
        this.vertx = vertx;
        this.baseUrl = worker.backendUrl();
        this.chatUrl = stripTrailingSlash(worker.backendUrl()) + "/api/chat";
        this.idleTimeout = config.idleTimeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true)
                // One connection per running generation, plus room for cancelled ones still closing.
                .setMaxPoolSize(Math.max(8, worker.capacity() * 2)));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * The events of one generation. It ends after Ollama's {@code done} line with a
     * {@link BackendEvent.Finished}, or fails with a {@link BackendException}.
     */
    public Multi<BackendEvent> generate(ObjectNode body) {
        Buffer payload;
        try {
            payload = Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Multi.createFrom().failure(new BackendException(ErrorType.BACKEND_ERROR, "the chat request could not be written", e));
        }
        return Multi.createFrom().emitter(emitter -> open(payload, new Exchange(emitter)));
    }

    private void open(Buffer payload, Exchange exchange) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(chatUrl)
                .setIdleTimeout(idleTimeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/x-ndjson");
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                exchange.fail(transport(opened.cause()));
                return;
            }
            if (!exchange.attach(opened.result())) {
                return;
            }
            opened.result().send(payload).onComplete(answered -> {
                if (answered.failed()) {
                    exchange.fail(transport(answered.cause()));
                } else {
                    receive(answered.result(), exchange);
                }
            });
        });
    }

    private void receive(HttpClientResponse response, Exchange exchange) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> exchange.fail(OllamaErrors.forStatus(response.statusCode(),
                    body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : "", baseUrl)));
            return;
        }
        // Vert.x's request idle timeout stops at the response head; from here the exchange watches for silence.
        exchange.watch(vertx, idleTimeout.toMillis(), () -> exchange.fail(OllamaErrors.silent(idleTimeout, baseUrl, null)));
        RecordParser lines = RecordParser.newDelimited("\n", line -> exchange.line(line.toString(StandardCharsets.UTF_8)));
        response.handler(data -> {
            exchange.heard();
            lines.handle(data);
        });
        response.exceptionHandler(failure -> exchange.fail(transport(failure)));
        response.endHandler(ignored -> exchange.fail(new BackendException(ErrorType.BACKEND_ERROR,
                "Ollama's stream ended before done")));
    }

    private BackendException transport(Throwable failure) {
        return TransportFailures.isTimeout(failure)
                ? OllamaErrors.silent(idleTimeout, baseUrl, failure)
                : OllamaErrors.unreachable(failure, baseUrl);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * One request and the subscriber it feeds. Lines arrive one after the other on the connection's
     * event loop; a cancel arrives from any thread. No lock is held while emitting, so a subscriber
     * that cancels from inside its own lock cannot deadlock with a line being delivered.
     */
    private static final class Exchange {

        private final MultiEmitter<? super BackendEvent> emitter;
        private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        private volatile boolean finished;
        private volatile boolean abandoned;
        private volatile long lastHeard;
        private volatile Vertx timers;
        private volatile long timer = -1;

        Exchange(MultiEmitter<? super BackendEvent> emitter) {
            this.emitter = emitter;
            emitter.onTermination(this::terminated);
        }

        /** False when the subscriber left while the connection was being opened; then it is closed. */
        boolean attach(HttpClientRequest opened) {
            request.set(opened);
            if (abandoned) {
                opened.connection().close();
                return false;
            }
            return true;
        }

        /** Calls {@code onSilence} once nothing has been heard for {@code idleMillis}; stops when the exchange ends. */
        void watch(Vertx vertx, long idleMillis, Runnable onSilence) {
            timers = vertx;
            heard();
            schedule(idleMillis, idleMillis, onSilence);
        }

        void heard() {
            lastHeard = System.nanoTime();
        }

        private void schedule(long delayMillis, long idleMillis, Runnable onSilence) {
            if (finished || abandoned) {
                return;
            }
            timer = timers.setTimer(Math.max(1, delayMillis), id -> {
                long silentMillis = (System.nanoTime() - lastHeard) / 1_000_000;
                if (silentMillis >= idleMillis) {
                    onSilence.run();
                } else {
                    schedule(idleMillis - silentMillis, idleMillis, onSilence);
                }
            });
        }

        void line(String line) {
            if (finished || abandoned) {
                return;
            }
            List<BackendEvent> events;
            try {
                events = ChatResponseMapper.events(line);
            } catch (BackendException e) {
                fail(e);
                return;
            }
            for (BackendEvent event : events) {
                emitter.emit(event);
                if (event instanceof BackendEvent.Finished) {
                    // Done: the connection goes back to the pool once Ollama ends the response.
                    finished = true;
                    emitter.complete();
                    return;
                }
            }
        }

        void fail(BackendException failure) {
            if (!finished) {
                emitter.fail(failure);
            }
        }

        /** Completion leaves the connection open for reuse; a cancel or a failure closes it. */
        private void terminated() {
            boolean done = finished;
            if (!done) {
                abandoned = true;
            }
            if (timers != null && timer >= 0) {
                timers.cancelTimer(timer);
            }
            if (done) {
                return;
            }
            HttpClientRequest opened = request.get();
            if (opened != null) {
                opened.connection().close();
            }
        }
    }
}
