package dev.switchboard.system;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stop means stop: a cancelled generation's backend connection is closed, measured from the cancel
 * to the moment the simulator saw its client go away (its disconnect record).
 */
class CancellationIT {

    private static final int RUNS = 30;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Streaming(String jobId, HttpResponse<java.io.InputStream> response, String marker) {
    }

    /** The same long generation in each front's protocol, and how its stream's first text reads. */
    private enum Front {
        ANTHROPIC("/v1/messages", "{\"model\":\"qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"%s\"}]}", "text_delta"),
        OPENAI("/v1/chat/completions", "{\"model\":\"qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"%s\"}]}", "\"content\":\"w"),
        OLLAMA("/api/chat", "{\"model\":\"qwen2.5-coder:7b\",\"options\":{\"num_predict\":4096},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"%s\"}]}", "\"content\":\"w");

        final String path;
        final String body;
        final String firstText;

        Front(String path, String body, String firstText) {
            this.path = path;
            this.body = body;
            this.firstText = firstText;
        }
    }

    private static Streaming startLongGeneration() throws Exception {
        return startLongGeneration(Front.ANTHROPIC);
    }

    /** Starts a long generation and reads its stream until the first text arrives. */
    private static Streaming startLongGeneration(Front front) throws Exception {
        String marker = "cancel-" + UUID.randomUUID();
        String body = front.body.formatted(marker + " [[sim tokens=2000 ttft_ms=5 tps=50]]");
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + front.path))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.contains(front.firstText)) {
            // up to the first token
        }
        return new Streaming(response.headers().firstValue("switchboard-message-id").orElseThrow(), response, marker);
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf("%s, %d runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast());
    }

    @Test
    void theCancelEndpointClosesTheBackendStream() throws Exception {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Streaming streaming = startLongGeneration();
            Instant cancelledAt = Instant.now();
            HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/cancel/" + streaming.jobId()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);

            Instant disconnected = await().atMost(Duration.ofSeconds(10)).until(() -> Suite.disconnectOf(streaming.marker()), Optional::isPresent).orElseThrow();
            latencies.add(Duration.between(cancelledAt, disconnected).toNanos() / 1e6);
            // The client's stream ends too, with an error event saying it was cancelled.
            String rest = new String(streaming.response().body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("event: error");
        }
        report("cancel endpoint to backend disconnect", latencies);
    }

    @Test
    void aClientThatHangsUpClosesTheBackendStream() throws Exception {
        hangUps(Front.ANTHROPIC, RUNS);
    }

    @Test
    void anOpenAiClientThatHangsUpClosesTheBackendStream() throws Exception {
        hangUps(Front.OPENAI, RUNS / 3);
    }

    @Test
    void anOllamaClientThatHangsUpClosesTheBackendStream() throws Exception {
        hangUps(Front.OLLAMA, RUNS / 3);
    }

    private static void hangUps(Front front, int runs) throws Exception {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Streaming streaming = startLongGeneration(front);
            Instant hungUpAt = Instant.now();
            streaming.response().body().close();

            Instant disconnected = await().atMost(Duration.ofSeconds(10)).until(() -> Suite.disconnectOf(streaming.marker()), Optional::isPresent).orElseThrow();
            latencies.add(Duration.between(hungUpAt, disconnected).toNanos() / 1e6);
        }
        report(front.name().toLowerCase() + " client hang-up to backend disconnect", latencies);
    }
}
