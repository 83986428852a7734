package dev.switchboard.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A real HTTP/1.1 client for the simulator under test, reading streams line by line as they arrive. */
public final class SimulatorClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    public SimulatorClient(URI base) {
        this.base = base;
    }

    /** The lines of a reply, and whether the connection broke before the reply ended. */
    public record Lines(int status, HttpHeaders headers, List<String> lines, boolean cutShort) {

        public List<JsonNode> ndjson() {
            return lines.stream().filter(l -> !l.isBlank()).map(SimulatorClient::json).toList();
        }

        /** The payloads of the {@code data:} lines of an SSE stream, in order. */
        public List<String> events() {
            return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring("data: ".length())).toList();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A chat body with one user message. */
    public static ObjectNode chat(String model, String userText) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", userText);
        return body;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public HttpRequest post(String path, JsonNode body, String... headers) {
        return request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** Sends and reads the whole reply line by line; a connection that breaks mid-reply ends the lines. */
    public Lines lines(HttpRequest request) {
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            return new Lines(0, null, List.of(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        List<String> lines = new ArrayList<>();
        boolean cutShort = false;
        try (Stream<String> body = response.body()) {
            body.forEach(lines::add);
        } catch (UncheckedIOException e) {
            cutShort = true;
        }
        return new Lines(response.statusCode(), response.headers(), lines, cutShort);
    }

    public Lines lines(String path, JsonNode body, String... headers) {
        return lines(post(path, body, headers));
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and returns as soon as the headers arrive; the caller reads the body as it comes. */
    public HttpResponse<InputStream> open(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public JsonNode stats() {
        try {
            return json(send(request("/simulator/stats").GET().build()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The disconnect record of one request, or null. */
    public JsonNode disconnectOf(String requestId) {
        for (JsonNode d : stats().path("recentDisconnects")) {
            if (requestId.equals(d.path("requestId").asText())) {
                return d;
            }
        }
        return null;
    }

    /** The summary of one request in {@code recentRequests}, or null. */
    public JsonNode summaryOf(String requestId) {
        for (JsonNode r : stats().path("recentRequests")) {
            if (requestId.equals(r.path("requestId").asText())) {
                return r;
            }
        }
        return null;
    }
}
