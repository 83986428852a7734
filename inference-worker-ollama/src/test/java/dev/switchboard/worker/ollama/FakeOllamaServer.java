package dev.switchboard.worker.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.worker.core.testkit.FakeBackendServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Ollama's HTTP API, scripted per model: {@code /}, {@code /api/tags},
 * {@code /api/show}, {@code /api/ps}, and the test kit's streaming {@code /api/chat} writing NDJSON.
 */
public class FakeOllamaServer extends FakeBackendServer {

    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final List<String> listed = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> loaded = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> shows = new ConcurrentHashMap<>();

    FakeOllamaServer(Vertx vertx) {
        super(vertx, "/api/chat", "application/x-ndjson", "\n");
        route("/", (request, body) -> request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("Ollama is running"));
        route("/api/tags", (request, body) -> json(request.response(), 200, tags().toString()));
        route("/api/ps", (request, body) -> json(request.response(), 200, ps().toString()));
        route("/api/show", (request, body) -> show(request.response(), read(body)));
        route("/api/pull", (request, body) -> pull(request.response(), read(body).path("model").asText()));
        route("/api/delete", (request, body) -> delete(request.response(), read(body).path("model").asText()));
    }

    /** A model Ollama has; {@code show} is what {@code /api/show} answers for it. */
    public record Model(String name, ObjectNode show, boolean inTags, String remoteHost) {
    }

    // ---- scripting -----------------------------------------------------------------------------

    /** Adds a model with a context length, an architecture and Ollama's capability names. */
    public void model(String name, String architecture, Integer contextLength, String... capabilities) {
        ObjectNode show = Json.mapper().createObjectNode();
        ObjectNode info = show.putObject("model_info");
        info.put("general.architecture", architecture);
        info.put("general.parameter_count", 8030261248L);
        if (contextLength != null) {
            info.put(architecture + ".context_length", contextLength);
        }
        info.put(architecture + ".embedding_length", 4096);
        ArrayNode caps = show.putArray("capabilities");
        for (String capability : capabilities) {
            caps.add(capability);
        }
        put(new Model(name, show, true, null));
    }

    /** Adds a model with a hand-written {@code /api/show} answer. */
    public void model(String name, ObjectNode show, boolean inTags, String remoteHost) {
        put(new Model(name, show, inTags, remoteHost));
    }

    /** Adds a model that {@code /api/show} knows but {@code /api/tags} does not list, so background listings leave it alone. */
    public void unlistedModel(String name, String architecture, Integer contextLength, String... capabilities) {
        model(name, architecture, contextLength, capabilities);
        Model model = models.get(name);
        put(new Model(name, model.show(), false, null));
    }

    public void loaded(String model, int contextLength) {
        loaded.put(model, contextLength);
    }

    public int shows(String model) {
        AtomicInteger count = shows.get(model);
        return count == null ? 0 : count.get();
    }

    private void put(Model model) {
        models.put(model.name(), model);
        listed.remove(model.name());
        if (model.inTags()) {
            listed.add(model.name());
        }
    }

    @Override
    protected void unknownModel(HttpServerResponse response, String model) {
        json(response, 404, Json.mapper().createObjectNode().put("error", "model '" + model + "' not found").toString());
    }

    /**
     * Streams a pull's progress as Ollama does and adds the model; a name starting with
     * {@code no-such} fails as Ollama's registry answers a name it does not have.
     */
    private void pull(HttpServerResponse response, String name) {
        response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        response.write("{\"status\":\"pulling manifest\"}\n");
        if (name.startsWith("no-such")) {
            response.end("{\"error\":\"pull model manifest: file does not exist\"}\n");
            return;
        }
        String digest = "sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa";
        response.write("{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":\"" + digest + "\",\"total\":4661211424}\n");
        response.write("{\"status\":\"pulling 6a0746a1ec1a\",\"digest\":\"" + digest + "\",\"total\":4661211424,\"completed\":4661211424}\n");
        response.write("{\"status\":\"verifying sha256 digest\"}\n{\"status\":\"writing manifest\"}\n");
        model(name, "llama", 8192, "completion");
        response.end("{\"status\":\"success\"}\n");
    }

    private void delete(HttpServerResponse response, String name) {
        if (models.remove(name) == null) {
            json(response, 404, Json.mapper().createObjectNode().put("error", "model '" + name + "' not found").toString());
            return;
        }
        listed.remove(name);
        response.setStatusCode(200).end();
    }

    private ObjectNode tags() {
        ObjectNode tags = Json.mapper().createObjectNode();
        ArrayNode list = tags.putArray("models");
        for (String name : listed) {
            ObjectNode entry = list.addObject().put("name", name).put("model", name)
                    .put("modified_at", "2025-05-10T08:06:48.639712648-07:00").put("size", 4683075271L)
                    .put("digest", "0a8c266910232fd3291e71e5ba1e058cc5af9d411192cf88b6d30e92b6e73163");
            String remote = models.get(name).remoteHost();
            if (remote != null) {
                entry.put("remote_model", name).put("remote_host", remote);
            }
            entry.putObject("details").put("format", "gguf").put("family", "llama");
        }
        return tags;
    }

    private ObjectNode ps() {
        ObjectNode ps = Json.mapper().createObjectNode();
        ArrayNode list = ps.putArray("models");
        loaded.forEach((name, context) -> list.addObject().put("name", name).put("model", name)
                .put("size", 5137025024L).put("expires_at", "2024-06-04T14:38:31.83753-07:00")
                .put("size_vram", 5137025024L).put("context_length", context));
        return ps;
    }

    private void show(HttpServerResponse response, JsonNode request) {
        String name = request.path("model").asText();
        shows.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        Model model = models.get(name);
        if (model == null) {
            json(response, 404, Json.mapper().createObjectNode().put("error", "model '" + name + "' not found").toString());
        } else {
            json(response, 200, model.show().toString());
        }
    }

    /** Ollama's stream lines, as its docs show them. */
    public static final class Lines {

        private Lines() {
        }

        public static String text(String model, String text) {
            return chunk(model).set("message", message().put("content", text)).toString();
        }

        public static String thinking(String model, String thinking) {
            return chunk(model).set("message", message().put("content", "").put("thinking", thinking)).toString();
        }

        public static String toolCall(String model, String id, String name, String argumentsJson) {
            ObjectNode message = message().put("content", "");
            ObjectNode call = message.putArray("tool_calls").addObject();
            if (id != null) {
                call.put("id", id);
            }
            ObjectNode function = call.putObject("function").put("index", 0).put("name", name);
            try {
                function.set("arguments", Json.mapper().readTree(argumentsJson));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return chunk(model).set("message", message).toString();
        }

        public static String done(String model, String reason, int promptEvalCount, int evalCount) {
            return chunk(model).<ObjectNode>set("message", message().put("content", ""))
                    .put("done_reason", reason).put("done", true)
                    .put("total_duration", 4883583458L).put("load_duration", 1334875)
                    .put("prompt_eval_count", promptEvalCount).put("prompt_eval_duration", 342546000)
                    .put("eval_count", evalCount).put("eval_duration", 4535599000L).toString();
        }

        public static String error(String message) {
            return Json.mapper().createObjectNode().put("error", message).toString();
        }

        /** {@code n} one-word lines. */
        public static List<String> words(String model, int n) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(text(model, "w" + i + " "));
            }
            return lines;
        }

        private static ObjectNode chunk(String model) {
            return Json.mapper().createObjectNode().put("model", model)
                    .put("created_at", "2025-07-07T20:22:19.184789Z").put("done", false);
        }

        private static ObjectNode message() {
            return Json.mapper().createObjectNode().put("role", "assistant");
        }
    }
}
