package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.simulator.chat.Protocol;
import dev.switchboard.simulator.config.SimulatorConfig;
import dev.switchboard.simulator.http.JsonReplies;
import dev.switchboard.simulator.http.ProtocolRequests;
import dev.switchboard.simulator.model.ModelCatalog;
import dev.switchboard.simulator.model.SimModel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Ollama's model management: {@code POST /api/pull}, streaming progress lines as Ollama writes
 * them ({@code pulling manifest}, per layer {@code {status, digest, total, completed}},
 * {@code verifying sha256 digest}, {@code writing manifest}, {@code success}) or one line with
 * {@code stream: false}, and {@code DELETE /api/delete}. The registry is not simulated: any name
 * pulls, as a small model ({@link ModelCatalog#pulled}); a client that hangs up stops the pull.
 */
@ApplicationScoped
public class OllamaModelRoutes {

    private static final String NDJSON = "application/x-ndjson";
    /** Progress lines per layer after its first. */
    private static final int STEPS = 8;

    private final JsonReplies replies;
    private final ProtocolRequests requests;
    private final OllamaRequests bodies;
    private final ModelCatalog catalog;
    private final LoadedModels loaded;
    private final SimulatorConfig config;
    private final Vertx vertx;

    public OllamaModelRoutes(JsonReplies replies, ProtocolRequests requests, OllamaRequests bodies, ModelCatalog catalog,
            LoadedModels loaded, SimulatorConfig config, Vertx vertx) {
        this.replies = replies;
        this.requests = requests;
        this.bodies = bodies;
        this.catalog = catalog;
        this.loaded = loaded;
        this.config = config;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        requests.post(router, Protocol.OLLAMA, "/api/pull", this::pull);
        requests.delete(router, Protocol.OLLAMA, "/api/delete", this::delete);
    }

    private void pull(RoutingContext rc) {
        Optional<JsonNode> body = bodies.object(rc);
        if (body.isEmpty()) {
            return;
        }
        String name = OllamaRequests.modelName(body.get());
        if (name.isBlank()) {
            replies.send(rc, 400, new OllamaWire.Error("invalid model name"));
            return;
        }
        SimModel model = ModelCatalog.pulled(name);
        List<OllamaWire.Progress> lines = progress(model);
        boolean stream = body.get().path("stream").asBoolean(true);
        HttpServerResponse response = rc.response();
        if (stream) {
            response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
        }
        long delay = Math.max(1, config.ollama().pullDuration().toMillis() / lines.size());
        step(response, model, lines, 0, delay, stream);
    }

    private void step(HttpServerResponse response, SimModel model, List<OllamaWire.Progress> lines, int next, long delay,
                      boolean stream) {
        if (response.closed()) {
            return;
        }
        if (next == lines.size() - 1) {
            // Like Ollama, the model is there before "success" is said: a client may use it at once.
            catalog.add(model);
            if (stream) {
                response.end(replies.write(lines.get(next)) + "\n");
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, JsonReplies.JSON).end(replies.write(lines.get(next)));
            }
            return;
        }
        if (stream) {
            response.write(replies.write(lines.get(next)) + "\n");
        }
        vertx.setTimer(delay, id -> step(response, model, lines, next + 1, delay, stream));
    }

    private void delete(RoutingContext rc) {
        Optional<JsonNode> body = bodies.object(rc);
        if (body.isEmpty()) {
            return;
        }
        String name = OllamaRequests.modelName(body.get());
        Optional<SimModel> model = catalog.find(name);
        if (model.isEmpty() || !catalog.remove(name)) {
            replies.send(rc, 404, new OllamaWire.Error("model '" + name + "' not found"));
            return;
        }
        loaded.unload(model.get());
        rc.response().setStatusCode(200).end();
    }

    /** What Ollama writes while pulling: the manifest, each layer (weights, template, license, params), the checks. */
    static List<OllamaWire.Progress> progress(SimModel model) {
        List<OllamaWire.Progress> lines = new ArrayList<>();
        lines.add(OllamaWire.Progress.of("pulling manifest"));
        long[] sizes = {model.sizeBytes(), 1_429, 7_711, 110};
        for (int layer = 0; layer < sizes.length; layer++) {
            String digest = digest(model.name() + "#" + layer);
            String status = "pulling " + digest.substring(0, 12);
            long total = sizes[layer];
            lines.add(new OllamaWire.Progress(status, "sha256:" + digest, total, null));
            for (int step = 1; step <= STEPS; step++) {
                lines.add(new OllamaWire.Progress(status, "sha256:" + digest, total, total * step / STEPS));
            }
        }
        lines.add(OllamaWire.Progress.of("verifying sha256 digest"));
        lines.add(OllamaWire.Progress.of("writing manifest"));
        lines.add(OllamaWire.Progress.of("success"));
        return lines;
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
