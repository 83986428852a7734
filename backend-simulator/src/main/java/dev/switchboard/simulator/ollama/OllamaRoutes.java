package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.chat.BadChatRequest;
import dev.switchboard.simulator.chat.ChatInput;
import dev.switchboard.simulator.chat.ChatService;
import dev.switchboard.simulator.chat.Protocol;
import dev.switchboard.simulator.config.SimulatorConfig;
import dev.switchboard.simulator.http.JsonReplies;
import dev.switchboard.simulator.http.ProtocolRequests;
import dev.switchboard.simulator.model.ModelCatalog;
import dev.switchboard.simulator.model.SimModel;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ollama's API: {@code /}, {@code /api/version}, {@code /api/tags}, {@code /api/show}, {@code /api/ps}, {@code /api/chat};
 * pulls and deletes are {@link OllamaModelRoutes}'.
 */
@ApplicationScoped
public class OllamaRoutes {

    private static final String RUNNING = "Ollama is running";

    private final ObjectMapper mapper;
    private final JsonReplies replies;
    private final ProtocolRequests requests;
    private final OllamaRequests bodies;
    private final ModelCatalog catalog;
    private final LoadedModels loaded;
    private final ChatService chat;
    private final SimulatorConfig config;

    public OllamaRoutes(ObjectMapper mapper, JsonReplies replies, ProtocolRequests requests, OllamaRequests bodies,
            ModelCatalog catalog, LoadedModels loaded, ChatService chat, SimulatorConfig config) {
        this.mapper = mapper;
        this.replies = replies;
        this.requests = requests;
        this.bodies = bodies;
        this.catalog = catalog;
        this.loaded = loaded;
        this.chat = chat;
        this.config = config;
    }

    void register(@Observes Router router) {
        Protocol ollama = Protocol.OLLAMA;
        requests.get(router, ollama, "/", rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(RUNNING));
        requests.head(router, ollama, "/", rc -> rc.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end());
        requests.get(router, ollama, "/api/version",
                rc -> replies.send(rc, 200, new OllamaWire.Version(config.ollama().version())));
        requests.get(router, ollama, "/api/tags", this::tags);
        requests.get(router, ollama, "/api/ps", this::ps);
        requests.post(router, ollama, "/api/show", this::show);
        requests.post(router, ollama, "/api/chat", this::chat);
    }

    private void tags(RoutingContext rc) {
        List<OllamaWire.TagModel> models = catalog.all().stream()
                .map(m -> new OllamaWire.TagModel(m.name(), m.name(), m.modifiedAt().toString(), m.sizeBytes(),
                        m.digest(), details(m)))
                .toList();
        replies.send(rc, 200, new OllamaWire.Tags(models));
    }

    private void ps(RoutingContext rc) {
        List<OllamaWire.PsModel> models = loaded.current().stream()
                .map(l -> new OllamaWire.PsModel(l.model().name(), l.model().name(), l.model().sizeBytes(),
                        l.model().digest(), details(l.model()), l.expiresAt().toString(), l.model().sizeBytes(),
                        l.contextLength()))
                .toList();
        replies.send(rc, 200, new OllamaWire.Ps(models));
    }

    private void show(RoutingContext rc) {
        Optional<JsonNode> body = bodies.object(rc);
        if (body.isEmpty()) {
            return;
        }
        String name = OllamaRequests.modelName(body.get());
        Optional<SimModel> found = catalog.find(name);
        if (found.isEmpty()) {
            replies.send(rc, 404, new OllamaWire.Error("model '" + name + "' not found"));
            return;
        }
        SimModel m = found.get();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("general.architecture", m.family());
        info.put("general.parameter_count", m.parameterCount());
        info.put("general.quantization_version", 2);
        info.put(m.family() + ".context_length", m.contextLength());
        info.put(m.family() + ".embedding_length", 4096);
        replies.send(rc, 200, new OllamaWire.Show(
                "# Modelfile of the Switchboard backend simulator\nFROM " + m.name() + "\n",
                "temperature 0.7", "{{ .Prompt }}", details(m), info, m.capabilities(), m.modifiedAt().toString()));
    }

    private void chat(RoutingContext rc) {
        String body = ProtocolRequests.body(rc);
        if (body == null || body.isBlank()) {
            replies.send(rc, 400, new OllamaWire.Error("missing request body"));
            return;
        }
        OllamaChatRequest request;
        try {
            request = mapper.readValue(body, OllamaChatRequest.class);
        } catch (JsonProcessingException e) {
            replies.send(rc, 400, new OllamaWire.Error(e.getOriginalMessage()));
            return;
        }
        if (request.model() == null || request.model().isBlank()) {
            replies.send(rc, 400, new OllamaWire.Error("model is required"));
            return;
        }
        Optional<SimModel> model = catalog.find(request.model());
        if (model.isEmpty()) {
            replies.send(rc, 404, new OllamaWire.Error("model '" + request.model() + "' not found"));
            return;
        }
        ChatInput input;
        try {
            input = OllamaChatMapper.toInput(request, model.get(), config.ollama().defaultNumCtx());
        } catch (BadChatRequest e) {
            replies.send(rc, e.status(), new OllamaWire.Error(e.getMessage()));
            return;
        }
        loaded.used(model.get(), input.contextLimit().orElse(config.ollama().defaultNumCtx()),
                KeepAlive.parse(request.keepAlive()).orElse(config.ollama().keepAlive()));
        chat.serve(rc, input, new OllamaChatFormat(mapper, request.model()));
    }

    private static OllamaWire.Details details(SimModel m) {
        return new OllamaWire.Details("", "gguf", m.family(), List.of(m.family()), m.parameterSize(),
                m.quantizationLevel());
    }
}
