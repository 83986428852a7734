package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.mlx.config.OpenAiConfig;
import dev.switchboard.worker.mlx.mapping.ChatStreamDecoder;
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
import java.time.Duration;
import java.util.List;

/**
 * Streams {@code POST /v1/chat/completions} with Vert.x's HTTP client and reads the server-sent
 * events line by line as the server flushes them.
 *
 * <p>The body is written whole, with its Content-Length: mlx_lm.server reads exactly
 * Content-Length bytes and answers 411 to a chunked body. Cancelling the returned stream closes
 * the TCP connection at once: mlx_lm.server and vLLM stop generating only when the client is gone.
 */
@ApplicationScoped
public class ChatStream {

    private final Vertx vertx;
    private final HttpClient client;
    private final String baseUrl;
    private final String chatUrl;
    private final Duration idleTimeout;
    private final String authorization;

    @Inject
    public ChatStream(Vertx vertx, WorkerConfig worker, OpenAiConfig config) {
        // One connection per running generation, plus room for cancelled ones still closing.
        this(vertx, worker.backendUrl(), config.connectTimeout(), config.idleTimeout(), OpenAiClient.authorization(config),
                Math.max(8, worker.capacity() * 2));
    }

    ChatStream(Vertx vertx, String baseUrl, Duration connectTimeout, Duration idleTimeout, String authorization, int connections) {
        this.vertx = vertx;
        this.baseUrl = baseUrl;
        this.chatUrl = stripTrailingSlash(baseUrl) + "/v1/chat/completions";
        this.idleTimeout = idleTimeout;
        this.authorization = authorization;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(connections));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * The events of one generation: they end with one {@link BackendEvent.Finished}, or the stream
     * fails with a {@link BackendException}.
     */
    public Multi<BackendEvent> generate(ObjectNode body) {
        Buffer payload;
        try {
            payload = Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Multi.createFrom().failure(new BackendException(ErrorType.BACKEND_ERROR, "the chat request could not be written", e));
        }
        return Multi.createFrom().emitter(emitter -> new Exchange(emitter).open(payload));
    }

    private BackendException transport(Throwable failure) {
        return OpenAiErrors.unreachable(failure, baseUrl);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * One request and the subscriber it feeds. Response data arrives on the connection's event
     * loop; a cancel may come from any thread. No lock is held while emitting, so a subscriber that
     * cancels from inside its own lock cannot deadlock with a chunk being delivered.
     */
    private final class Exchange {

        private final MultiEmitter<? super BackendEvent> emitter;
        private final ChatStreamDecoder decoder = new ChatStreamDecoder();
        private final LineSplitter lines = new LineSplitter();
        private volatile HttpClientRequest request;
        /** The subscriber has its last signal, or left. */
        private volatile boolean ended;
        /** The answer was complete; the connection may serve another request. */
        private volatile boolean completed;
        private volatile long lastHeard;
        private volatile long timer = -1;

        Exchange(MultiEmitter<? super BackendEvent> emitter) {
            this.emitter = emitter;
            emitter.onTermination(this::terminated);
        }

        void open(Buffer payload) {
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(chatUrl)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
            if (authorization != null) {
                options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
            }
            heard();
            watch();
            client.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    fail(transport(opened.cause()));
                    return;
                }
                if (!attach(opened.result())) {
                    return;
                }
                // send(Buffer) writes the body in one piece with its Content-Length, never chunked.
                opened.result().send(payload).onComplete(answered -> {
                    if (answered.failed()) {
                        fail(transport(answered.cause()));
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
                response.body().onComplete(body -> fail(OpenAiErrors.forStatus(response.statusCode(),
                        body.succeeded() ? body.result().toString(StandardCharsets.UTF_8) : "", baseUrl)));
                return;
            }
            response.handler(data -> {
                heard();
                read(lines.feed(data));
            });
            response.exceptionHandler(failure -> fail(OpenAiErrors.brokeOff(failure, baseUrl)));
            response.endHandler(ignored -> {
                read(lines.rest());
                if (!ended) {
                    try {
                        emitAll(decoder.end());
                        complete();
                    } catch (BackendException e) {
                        fail(e);
                    }
                }
            });
        }

        private void read(List<String> received) {
            for (String line : received) {
                if (ended) {
                    return;
                }
                try {
                    emitAll(decoder.line(line));
                } catch (BackendException e) {
                    fail(e);
                    return;
                }
                if (decoder.done()) {
                    complete();
                    return;
                }
            }
        }

        private void emitAll(List<BackendEvent> events) {
            for (BackendEvent event : events) {
                emitter.emit(event);
            }
        }

        private void complete() {
            completed = true;
            emitter.complete();
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
            long idleMillis = idleTimeout.toMillis();
            long silentMillis = (System.nanoTime() - lastHeard) / 1_000_000;
            if (ended) {
                return;
            }
            if (silentMillis >= idleMillis) {
                fail(OpenAiErrors.silent(idleTimeout, baseUrl));
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
