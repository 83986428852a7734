package dev.switchboard.worker.mlx.client;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.http.BackendStream;
import dev.switchboard.worker.mlx.config.OpenAiCompatibleProducers;
import dev.switchboard.worker.mlx.mapping.ChatStreamDecoder;
import dev.switchboard.worker.mlx.FakeOpenAiCompatibleServer.Events;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * worker-core's BackendStream, with this worker's decoder, against mlx_lm.server's wire behaviour, byte for byte: its handler is Python's
 * {@code BaseHTTPRequestHandler} speaking HTTP/1.0, so a response has no Content-Length and no
 * chunking, and ends when the server closes the connection — errors included. A request without
 * Content-Length is answered 411 before its body is read.
 */
class MlxWireTest {

    private static final String MODEL = "mlx-community/Qwen3-4B-4bit";
    private static final String STREAM_HEAD = "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.12.4\r\n"
            + "Date: Thu, 21 Aug 2025 10:00:00 GMT\r\nContent-type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: *\r\nAccess-Control-Allow-Headers: *\r\n\r\n";

    private Vertx vertx;
    private NetServer server;
    private BackendStream chat;
    private volatile List<String> script = List.of();
    private volatile String request;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createNetServer().connectHandler(this::serve).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        chat = new BackendStream(vertx, OpenAiCompatibleProducers.server("http://127.0.0.1:" + server.actualPort(),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), 8);
    }

    @AfterEach
    void stop() {
        chat.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void readsAStreamThatEndsWhenTheServerClosesTheConnection() {
        script = List.of(STREAM_HEAD,
                Events.keepalive(256, 300) + "\n\n",
                Events.reasoning(MODEL, "Short answer.") + "\n\n",
                Events.text(MODEL, "Hello") + "\n\n",
                Events.toolCall(MODEL, 0, "5d2c7a0e-0f4e-4d8e-9a61-3c1b2a9d8e7f", "Bash", "{\"command\": \"ls\"}") + "\n\n",
                Events.finish(MODEL, "tool_calls") + "\n\n",
                Events.usage(MODEL, 31, 24, 16) + "\n\n",
                Events.done() + "\n\n");

        List<BackendEvent> events = run().awaitCompletion(Duration.ofSeconds(10)).getItems();

        assertThat(events).containsExactly(new BackendEvent.Thinking("Short answer."), new BackendEvent.Text("Hello"),
                new BackendEvent.ToolCall("5d2c7a0e-0f4e-4d8e-9a61-3c1b2a9d8e7f", "Bash", object("{\"command\":\"ls\"}")),
                new BackendEvent.Finished(StopReason.TOOL_USE, null, 31, 16, 24));
        String head = request.substring(0, request.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        String body = request.substring(request.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("post /v1/chat/completions http/1.1")
                .contains("content-length: " + body.getBytes(StandardCharsets.UTF_8).length)
                .doesNotContain("transfer-encoding");
    }

    @Test
    void aServerThatDiesMidAnswerIsABackendError() {
        script = List.of(STREAM_HEAD, Events.text(MODEL, "Half an ans") + "\n\n");

        Throwable failure = run().awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backend -> {
            assertThat(backend.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(backend.getMessage()).contains("ended before the answer did");
        });
    }

    @Test
    void readsAnErrorBodyThatEndsWithTheConnection() {
        script = List.of("HTTP/1.0 404 Not Found\r\nServer: BaseHTTP/0.6 Python/3.12.4\r\nContent-type: application/json\r\n\r\n",
                "{\"error\": \"Only 'text' content type is supported.\"}");

        Throwable failure = run().awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backend -> {
            assertThat(backend.type()).isEqualTo(ErrorType.NOT_FOUND);
            assertThat(backend.getMessage()).endsWith("answered 404: Only 'text' content type is supported.");
        });
    }

    private AssertSubscriber<BackendEvent> run() {
        return chat.post("/v1/chat/completions", object("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"caf\u00e9?\"}],\"stream\":true,\"max_tokens\":100}"), Map.of("Accept", "text/event-stream"),
                        ChatStreamDecoder::new)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    /** Reads the head and exactly Content-Length bytes of body, as mlx_lm.server does, then plays the script and closes. */
    private void serve(NetSocket socket) {
        Buffer received = Buffer.buffer();
        socket.handler(data -> {
            received.appendBuffer(data);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0 || request != null) {
                return;
            }
            String length = text.substring(0, headEnd).lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse(null);
            if (length == null) {
                request = text;
                socket.write("HTTP/1.0 411 Length Required\r\nContent-type: application/json\r\n\r\n"
                        + "{\"error\": \"Content-Length header is required\"}").onComplete(written -> socket.close());
                return;
            }
            if (received.length() < headEnd + 4 + Integer.parseInt(length)) {
                return;
            }
            request = received.toString(StandardCharsets.UTF_8);
            play(socket, 0);
        });
    }

    private void play(NetSocket socket, int next) {
        if (next == script.size()) {
            socket.close();
            return;
        }
        vertx.setTimer(5, id -> socket.write(script.get(next)).onComplete(written -> play(socket, next + 1)));
    }
}
