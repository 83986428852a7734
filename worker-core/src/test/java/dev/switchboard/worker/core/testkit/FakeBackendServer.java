package dev.switchboard.worker.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A stand-in backend server for worker tests, scripted per model. Its streaming chat endpoint
 * writes a {@link Reply}'s lines one at a time with a delay, can pause until the test lets it go
 * on, can stay open or drop its connection, records each request as a {@link Chat}, and notices
 * when the client hangs up. A protocol's fake (Ollama's, an OpenAI-compatible server's) subclasses
 * it with its chat path, its line separator and its other endpoints ({@link #route}).
 */
public abstract class FakeBackendServer {

    private final Vertx vertx;
    private final String chatPath;
    private final String contentType;
    private final String separator;
    private final Map<String, BiConsumer<HttpServerRequest, Buffer>> routes = new ConcurrentHashMap<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Chat> chats = new CopyOnWriteArrayList<>();

    /**
     * @param chatPath    the streaming endpoint, e.g. {@code /api/chat}
     * @param contentType of a streamed answer
     * @param separator   written after each line: {@code \n} for NDJSON, {@code \n\n} for server-sent events
     */
    protected FakeBackendServer(Vertx vertx, String chatPath, String contentType, String separator) {
        this.vertx = vertx;
        this.chatPath = chatPath;
        this.contentType = contentType;
        this.separator = separator;
    }

    /** What the chat endpoint answers for a model no reply is scripted for: the server does not have it. */
    protected abstract void unknownModel(HttpServerResponse response, String model);

    /** Serves {@code path} (its request body read) with {@code handler}. */
    protected void route(String path, BiConsumer<HttpServerRequest, Buffer> handler) {
        routes.put(path, handler);
    }

    public void reply(String model, Reply reply) {
        replies.put(model, reply);
    }

    public List<Chat> chats(String model) {
        return chats.stream().filter(chat -> chat.model().equals(model)).toList();
    }

    void handle(HttpServerRequest request) {
        if (request.path().equals(chatPath) && request.getHeader("Content-Length") == null) {
            // mlx_lm.server answers so before reading a body it cannot measure; the worker always sends a length.
            json(request.response(), 411, "{\"error\": \"Content-Length header is required\"}");
            return;
        }
        request.body().onSuccess(body -> {
            String path = request.path();
            BiConsumer<HttpServerRequest, Buffer> route = routes.get(path);
            if (path.equals(chatPath)) {
                chat(request, body);
            } else if (route != null) {
                route.accept(request, body);
            } else {
                request.response().setStatusCode(404).end("404 page not found");
            }
        });
    }

    private void chat(HttpServerRequest request, Buffer raw) {
        JsonNode body;
        try {
            body = raw.length() == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(raw.getBytes());
        } catch (IOException e) {
            json(request.response(), 400, "{\"error\": \"Invalid JSON in request body: " + e.getMessage().replace('"', '\'') + "\"}");
            return;
        }
        Chat chat = new Chat(body, raw.length(), request);
        chats.add(chat);
        HttpServerResponse response = request.response();
        Reply reply = replies.get(chat.model());
        if (reply == null) {
            unknownModel(response, chat.model());
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
        response.setChunked(true).putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-cache");
        write(response, reply, chat, 0);
    }

    private void write(HttpServerResponse response, Reply reply, Chat chat, int next) {
        if (chat.clientHungUp) {
            return;
        }
        if (next == reply.lines().size()) {
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
            response.write(reply.lines().get(next) + separator);
            chat.written.incrementAndGet();
            write(response, reply, chat, next + 1);
        });
    }

    /** Answers {@code body} as JSON with {@code status}. */
    protected static void json(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body);
    }

    /** A request body as JSON; an empty body as an empty object. */
    protected static JsonNode read(Buffer body) {
        if (body == null || body.length() == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
