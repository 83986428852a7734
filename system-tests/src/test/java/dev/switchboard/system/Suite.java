package dev.switchboard.system;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where the running suite is, a look into the two simulators standing in for the backends (one in
 * place of Ollama, one in place of mlx_lm.server), and scripts/suite.sh to stop and start services.
 */
final class Suite {

    static final String GATEWAY = "http://127.0.0.1:4000";
    static final String SIMULATOR_OLLAMA = "http://127.0.0.1:4010";
    static final String SIMULATOR_MLX = "http://127.0.0.1:4011";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Suite() {
    }

    /** One command to the suite's Redis, its arguments sent as they are; answers the first line of the reply. */
    static String redis(String... arguments) throws IOException {
        StringBuilder command = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            command.append('$').append(argument.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n")
                    .append(argument).append("\r\n");
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", 6379)) {
            socket.getOutputStream().write(command.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
    }

    /** The official Anthropic SDK pointed at the gateway, as the README tells a user; no retries, so failures show. */
    static AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(GATEWAY).apiKey("sk-local-test").maxRetries(0).build();
    }

    /** The text blocks of an answer, joined. */
    static String text(Message message) {
        return message.content().stream().filter(ContentBlock::isText).map(block -> block.asText().text())
                .collect(Collectors.joining());
    }

    /** The request bodies both simulators received last, Ollama's then mlx's, each oldest first. */
    static JsonNode simulatorRequests(int limit) {
        ArrayNode all = JSON.createArrayNode();
        for (String simulator : List.of(SIMULATOR_OLLAMA, SIMULATOR_MLX)) {
            all.addAll((ArrayNode) get(simulator + "/simulator/requests?limit=" + limit));
        }
        return all;
    }

    /** One simulator's counters (see backend-simulator/README.md). */
    static JsonNode simulatorStats(String simulator) {
        return get(simulator + "/simulator/stats");
    }

    /** Generations the simulator has started since it started (model lookups not counted). */
    static long chats(String simulator) {
        return simulatorStats(simulator).path("startedStreams").asLong();
    }

    /** When the simulator saw the request carrying the marker hang up, if it did. */
    static Optional<Instant> disconnectOf(String marker) {
        JsonNode stats = simulatorStats(SIMULATOR_OLLAMA);
        JsonNode mlx = simulatorStats(SIMULATOR_MLX);
        List<JsonNode> requests = new ArrayList<>();
        List<JsonNode> disconnects = new ArrayList<>();
        for (JsonNode simulator : List.of(stats, mlx)) {
            simulator.path("recentRequests").forEach(requests::add);
            simulator.path("recentDisconnects").forEach(disconnects::add);
        }
        Optional<String> requestId = requests.stream()
                .filter(request -> request.path("lastUserMessage").asText().contains(marker))
                .map(request -> request.path("requestId").asText()).findFirst();
        return requestId.flatMap(id -> disconnects.stream().filter(d -> d.path("requestId").asText().equals(id)).findFirst())
                .map(d -> {
                    long nanos = d.path("disconnectedAtEpochNanos").asLong();
                    return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
                });
    }

    static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code scripts/suite.sh <arguments>} on the suite the build started; fails unless it succeeds. */
    static void script(String... arguments) {
        run(System.getProperty("switchboard.suite.script"), Map.of(), arguments);
    }

    /** Runs {@code scripts/suite.sh <arguments>} with extra settings, e.g. to start a gateway with keys on. */
    static void scriptWith(Map<String, String> settings, String... arguments) {
        run(System.getProperty("switchboard.suite.script"), settings, arguments);
    }

    /** Runs {@code scripts/infra.sh <arguments>}, e.g. to stop PostgreSQL for an outage test. */
    static void infra(String... arguments) {
        run(Path.of(System.getProperty("switchboard.suite.script")).resolveSibling("infra.sh").toString(), Map.of(), arguments);
    }

    private static void run(String script, Map<String, String> settings, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", script));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("switchboard.suite.run-dir"), "script.log").toFile());
        builder.environment().put("SWITCHBOARD_RUN_DIR", System.getProperty("switchboard.suite.run-dir"));
        builder.environment().putAll(settings);
        try {
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + String.join(" ", arguments) + " failed; see script.log in the run dir");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
