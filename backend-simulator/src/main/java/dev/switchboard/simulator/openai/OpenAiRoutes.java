package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
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

import java.util.List;
import java.util.Optional;

/** The OpenAI API as mlx_lm.server serves it: {@code /v1/chat/completions}, {@code /v1/models}, {@code /health}. */
@ApplicationScoped
public class OpenAiRoutes {

    /** mlx_lm.server's answer to a body without Content-Length (for instance one sent chunked), verbatim. */
    static final String LENGTH_REQUIRED = "{\"error\": \"Content-Length header is required\"}";

    private final ObjectMapper mapper;
    private final JsonReplies replies;
    private final ProtocolRequests requests;
    private final ModelCatalog catalog;
    private final ChatService chat;
    private final SimulatorConfig config;
    private final long started = System.currentTimeMillis() / 1000;

    public OpenAiRoutes(ObjectMapper mapper, JsonReplies replies, ProtocolRequests requests, ModelCatalog catalog,
            ChatService chat, SimulatorConfig config) {
        this.mapper = mapper;
        this.replies = replies;
        this.requests = requests;
        this.catalog = catalog;
        this.chat = chat;
        this.config = config;
    }

    void register(@Observes Router router) {
        for (String path : List.of("/v1/chat/completions", "/chat/completions")) {
            requests.post(router, Protocol.OPENAI, path, this::chat, OpenAiRoutes::requireContentLength);
        }
        requests.get(router, Protocol.OPENAI, "/v1/models", this::models);
        requests.get(router, Protocol.OPENAI, "/health", rc -> replies.send(rc, 200, new OpenAiWire.Health("ok")));
    }

    private static void requireContentLength(RoutingContext rc) {
        if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(411).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(LENGTH_REQUIRED);
    }

    private void models(RoutingContext rc) {
        List<OpenAiWire.ModelEntry> data = catalog.all().stream()
                .map(m -> new OpenAiWire.ModelEntry(m.name(), "model", started, "switchboard-simulator"))
                .toList();
        replies.send(rc, 200, new OpenAiWire.ModelList("list", data));
    }

    private void chat(RoutingContext rc) {
        OpenAiChatRequest request;
        try {
            String body = ProtocolRequests.body(rc);
            request = body == null || body.isBlank() ? null : mapper.readValue(body, OpenAiChatRequest.class);
        } catch (JsonProcessingException e) {
            error(rc, 400, "Invalid JSON in request body: " + e.getOriginalMessage(), "invalid_json");
            return;
        }
        if (request == null) {
            error(rc, 400, "Request should be a JSON dictionary", "invalid_request");
            return;
        }
        Optional<SimModel> model = catalog.find(request.model());
        if (model.isEmpty()) {
            error(rc, 404, "The model '" + request.model() + "' does not exist", "model_not_found");
            return;
        }
        ChatInput input;
        try {
            input = OpenAiChatMapper.toInput(request, model.get(), config.openai().defaultMaxTokens());
        } catch (BadChatRequest e) {
            error(rc, e.status(), e.getMessage(), e.code());
            return;
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        String name = request.model();
        chat.serve(rc, input, new OpenAiChatFormat(mapper, name, config.openai().systemFingerprint(), includeUsage));
    }

    private void error(RoutingContext rc, int status, String message, String code) {
        replies.send(rc, status, OpenAiChatFormat.error(status, message, code));
    }
}
