package dev.switchboard.worker.mlx;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.testkit.FakeBackendServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an OpenAI-compatible server as mlx_lm.server answers: {@code /health},
 * {@code /v1/models} (with entries as llama.cpp and vLLM write them too), and the test kit's
 * streaming {@code /v1/chat/completions} writing server-sent events, which answers 411 to a body
 * without Content-Length (as mlx_lm.server does, before reading it).
 */
public class FakeOpenAiCompatibleServer extends FakeBackendServer {

    /** What {@code /v1/models} lists: one entry as each server writes it. */
    public static final String MODELS = """
            {"object": "list", "data": [
              {"id": "mlx-community/Qwen3-8B-4bit", "object": "model", "created": 1755600000},
              {"id": "mlx-community/Qwen2.5-VL-7B-Instruct-4bit", "object": "model", "created": 1755600000},
              {"id": "llama-3.2-3b-instruct", "object": "model", "created": 1735142223, "owned_by": "llamacpp",
               "meta": {"vocab_type": 2, "n_vocab": 128256, "n_ctx_train": 131072, "n_embd": 3072}},
              {"id": "deepseek-r1-thinker", "object": "model", "created": 1757141666, "owned_by": "vllm", "max_model_len": 32768}
            ]}""";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger modelListings = new AtomicInteger();
    private volatile int healthStatus = 200;

    FakeOpenAiCompatibleServer(Vertx vertx) {
        super(vertx, "/v1/chat/completions", "text/event-stream", "\n\n");
        route("/health", (request, body) -> health(request));
        route("/v1/models", (request, body) -> models(request));
    }

    // ---- scripting -----------------------------------------------------------------------------

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

    @Override
    protected void unknownModel(HttpServerResponse response, String model) {
        json(response, 404, "{\"error\": \"404 Client Error. Repository Not Found for url: "
                + "https://huggingface.co/api/models/" + model + "/revision/main.\"}");
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
