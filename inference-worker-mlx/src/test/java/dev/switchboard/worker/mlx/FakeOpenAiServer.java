package dev.switchboard.worker.mlx;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for mlx_lm.server's HTTP API: {@code /health}, {@code /v1/models} and a streaming
 * {@code /v1/chat/completions} that answers 411 to a body without Content-Length (as
 * mlx_lm.server does, before reading it), writes server-sent events one at a time with a delay,
 * can pause until the test lets it go on, and notices when the client hangs up.
 */
public class FakeOpenAiServer {

    /** What {@code /v1/models} lists: one entry as each server writes it. */
    public static final String MODELS = """
            {"object": "list", "data": [
              {"id": "mlx-community/Qwen3-8B-4bit", "object": "model", "created": 1755600000},
              {"id": "mlx-community/Qwen2.5-VL-7B-Instruct-4bit", "object": "model", "created": 1755600000},
              {"id": "llama-3.2-3b-instruct", "object": "model", "created": 1735142223, "owned_by": "llamacpp",
               "meta": {"vocab_type": 2, "n_vocab": 128256, "n_ctx_train": 131072, "n_embd": 3072}},
              {"id": "deepseek-r1-thinker", "object": "model", "created": 1757141666, "owned_by": "vllm", "max_model_len": 32768}
            ]}""";

    private final Vertx vertx;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Chat> chats = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger modelListings = new AtomicInteger();
    private volatile int healthStatus = 200;

    FakeOpenAiServer(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * What {@code /v1/chat/completions} answers: an HTTP error, or these events, {@code delayMs}
     * apart, each followed by a blank line. With {@code pauseAfter} events written it waits for
     * {@code resume}; after the last one the response ends, stays open, or loses its connection.
     */
    public record Reply(int status, String errorBody, List<String> events, long delayMs, int pauseAfter,
                        CompletableFuture<Void> resume, Ending ending) {

        public enum Ending { END, LEAVE_OPEN, DROP_CONNECTION }

        public static Reply events(long delayMs, String... events) {
            return events(delayMs, List.of(events));
        }

        public static Reply events(long delayMs, List<String> events) {
            return new Reply(200, null, events, delayMs, -1, null, Ending.END);
        }

        public static Reply error(int status, String body) {
            return new Reply(status, body, List.of(), 0, -1, null, Ending.END);
        }

        public Reply pausingAfter(int written, CompletableFuture<Void> resume) {
            return new Reply(status, errorBody, events, delayMs, written, resume, ending);
        }

        public Reply leftOpen() {
            return new Reply(status, errorBody, events, delayMs, pauseAfter, resume, Ending.LEAVE_OPEN);
        }

        public Reply droppingTheConnection() {
            return new Reply(status, errorBody, events, delayMs, pauseAfter, resume, Ending.DROP_CONNECTION);
        }
    }

    /** One chat request as the fake saw it. */
    public static final class Chat {
        private final JsonNode body;
        private final int bodyBytes;
        private final String contentLength;
        private final String transferEncoding;
        private final String authorization;
        private final AtomicInteger written = new AtomicInteger();
        private volatile boolean clientHungUp;
        private volatile boolean ended;

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

        /** Events written to the client. */
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

    // ---- scripting -----------------------------------------------------------------------------

    public void reply(String model, Reply reply) {
        replies.put(model, reply);
    }

    public List<Chat> chats(String model) {
        return chats.stream().filter(chat -> chat.model().equals(model)).toList();
    }

    /** What {@code /health} answers from now on. */
    public void healthStatus(int status) {
        healthStatus = status;
    }

    public int modelListings() {
        return modelListings.get();
    }

    /** The Authorization headers of {@code /health} and {@code /v1/models} requests, in order. */
    public List<String> authorizations() {
        return authorizations;
    }

    // ---- serving -------------------------------------------------------------------------------

    void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/v1/chat/completions") && request.getHeader("Content-Length") == null) {
            // mlx_lm.server answers before reading a body it cannot measure.
            json(request.response(), 411, "{\"error\": \"Content-Length header is required\"}");
            return;
        }
        request.body().onSuccess(body -> {
            switch (path) {
                case "/health" -> health(request);
                case "/v1/models" -> models(request);
                case "/v1/chat/completions" -> chat(request, body);
                default -> request.response().setStatusCode(404).end("Not Found");
            }
        });
    }

    private void health(HttpServerRequest request) {
        authorizations.add(String.valueOf(request.getHeader("Authorization")));
        switch (healthStatus) {
            case 200 -> json(request.response(), 200, "{\"status\": \"ok\"}");
            case 404 -> request.response().setStatusCode(404).end("Not Found");
            default -> json(request.response(), healthStatus,
                    "{\"error\":{\"code\":" + healthStatus + ",\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        }
    }

    private void models(HttpServerRequest request) {
        authorizations.add(String.valueOf(request.getHeader("Authorization")));
        modelListings.incrementAndGet();
        json(request.response(), 200, MODELS);
    }

    private void chat(HttpServerRequest request, Buffer raw) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(raw.getBytes());
        } catch (IOException e) {
            json(request.response(), 400, "{\"error\": \"Invalid JSON in request body: " + e.getMessage().replace('"', '\'') + "\"}");
            return;
        }
        Chat chat = new Chat(body, raw.length(), request);
        chats.add(chat);
        HttpServerResponse response = request.response();
        Reply reply = replies.get(chat.model());
        if (reply == null) {
            json(response, 404, "{\"error\": \"404 Client Error. Repository Not Found for url: "
                    + "https://huggingface.co/api/models/" + chat.model() + "/revision/main.\"}");
            return;
        }
        if (reply.status() != 200) {
            json(response, reply.status(), reply.errorBody());
            return;
        }
        response.closeHandler(ignored -> {
            if (!chat.ended) {
                chat.clientHungUp = true;
            }
        });
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        write(response, reply, chat, 0);
    }

    private void write(HttpServerResponse response, Reply reply, Chat chat, int next) {
        if (chat.clientHungUp) {
            return;
        }
        if (next == reply.events().size()) {
            switch (reply.ending()) {
                case END -> {
                    chat.ended = true;
                    response.end();
                }
                case DROP_CONNECTION -> {
                    chat.ended = true;
                    response.reset();
                }
                case LEAVE_OPEN -> { }
            }
            return;
        }
        if (next == reply.pauseAfter() && !reply.resume().isDone()) {
            reply.resume().thenRun(() -> vertx.runOnContext(ignored -> write(response, reply, chat, next)));
            return;
        }
        vertx.setTimer(Math.max(1, reply.delayMs()), timer -> {
            if (chat.clientHungUp) {
                return;
            }
            response.write(reply.events().get(next) + "\n\n");
            chat.written.incrementAndGet();
            write(response, reply, chat, next + 1);
        });
    }

    private static void json(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    /** Server-sent events as mlx_lm.server writes them (Python's json.dumps spacing, the role in every delta). */
    public static final class Events {

        private Events() {
        }

        public static String text(String model, String text) {
            return chunk(model, delta().put("content", text), null);
        }

        public static String reasoning(String model, String reasoning) {
            return chunk(model, delta().put("reasoning", reasoning), null);
        }

        /** A whole tool call, as mlx_lm.server sends it once its parser has read it. */
        public static String toolCall(String model, int index, String id, String name, String argumentsJson) {
            ObjectNode delta = delta();
            ObjectNode call = delta.putArray("tool_calls").addObject();
            call.putObject("function").put("name", name).put("arguments", argumentsJson);
            call.put("type", "function").put("id", id).put("index", index);
            return chunk(model, delta, null);
        }

        /** A piece of a tool call, as llama.cpp and vLLM send them. */
        public static String toolCallPiece(String model, int index, String id, String name, String arguments) {
            ObjectNode delta = Json.mapper().createObjectNode();
            ObjectNode call = delta.putArray("tool_calls").addObject().put("index", index);
            if (id != null) {
                call.put("id", id).put("type", "function");
            }
            ObjectNode function = call.putObject("function");
            if (name != null) {
                function.put("name", name);
            }
            function.put("arguments", arguments);
            return chunk(model, delta, null);
        }

        public static String finish(String model, String reason) {
            return chunk(model, delta(), reason);
        }

        public static String usage(String model, int prompt, int completion, int cached) {
            ObjectNode usage = Json.mapper().createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
            usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
            ObjectNode chunk = head(model).put("object", "chat.completion");
            chunk.putArray("choices");
            chunk.set("usage", usage);
            return "data: " + pythonSpacing(chunk);
        }

        public static String done() {
            return "data: [DONE]";
        }

        public static String keepalive(int processed, int total) {
            return ": keepalive " + processed + "/" + total;
        }

        public static String error(String message) {
            return "data: " + Json.mapper().createObjectNode().put("error", message);
        }

        /** {@code n} one-word text events. */
        public static List<String> words(String model, int n) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(text(model, "w" + i + " "));
            }
            return events;
        }

        private static String chunk(String model, ObjectNode delta, String finishReason) {
            ObjectNode chunk = head(model).put("object", "chat.completion.chunk");
            ArrayNode choices = chunk.putArray("choices");
            ObjectNode choice = choices.addObject().put("index", 0);
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            choice.set("delta", delta);
            return "data: " + pythonSpacing(chunk);
        }

        private static ObjectNode head(String model) {
            return Json.mapper().createObjectNode().put("id", "chatcmpl-6e9c1d3a-3b1f-4c1e-9d0e-2f7f1c0b9a55")
                    .put("system_fingerprint", "0.29.1-0.29.3-macOS-15.6-arm64-arm-64bit-applegpu_g15s")
                    .put("model", model).put("created", 1755600000);
        }

        private static ObjectNode delta() {
            return Json.mapper().createObjectNode().put("role", "assistant");
        }

        /** json.dumps writes ", " and ": " between tokens; structural only, strings are left alone. */
        private static String pythonSpacing(JsonNode json) {
            try {
                return Json.mapper().writer(new MinimalPrettyPrinter() {
                    @Override
                    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
                        g.writeRaw(": ");
                    }

                    @Override
                    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
                        g.writeRaw(", ");
                    }

                    @Override
                    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
                        g.writeRaw(", ");
                    }
                }).writeValueAsString(json);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
