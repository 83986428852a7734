package dev.switchboard.gateway.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays session-service for the gateway's proxy tests: answers {@code /api/sessions/...} with
 * scripted replies and records what reached it. metrics-service is pointed at a closed port.
 */
public class FakeSessionService implements QuarkusTestResourceLifecycleManager {

    /** What reached the fake: method, path with query, body. */
    public record Received(String method, String uri, String body, String contentType) {
    }

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/sessions", this::answer);
        server.start();
        return Map.of(
                "quarkus.rest-client.session-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.rest-client.metrics-service.url", "http://127.0.0.1:" + closedPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String uri = exchange.getRequestURI().toString();
        RECEIVED.add(new Received(exchange.getRequestMethod(), uri, body, exchange.getRequestHeaders().getFirst("Content-Type")));
        String path = exchange.getRequestURI().getPath();
        switch (exchange.getRequestMethod() + " " + path) {
            case "POST /api/sessions" -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:4001/api/sessions/conv-1");
                send(exchange, 201, "application/json", "{\"id\":\"conv-1\",\"title\":\"New conversation\"}");
            }
            case "GET /api/sessions" -> send(exchange, 200, "application/json",
                    "{\"items\":[],\"page\":0,\"size\":20,\"total\":0,\"query\":\"" + exchange.getRequestURI().getRawQuery() + "\"}");
            case "GET /api/sessions/conv-1/export" -> {
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"conv-1.md\"");
                send(exchange, 200, "text/markdown; charset=utf-8", "# New conversation\n");
            }
            case "DELETE /api/sessions/conv-1" -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            case "GET /api/sessions/slow" -> {
                try {
                    Thread.sleep(8000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "application/json", "{}");
            }
            default -> send(exchange, 404, "application/json",
                    "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no conversation '" + path + "'\"}}");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
