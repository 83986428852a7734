package dev.switchboard.system;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker killed with SIGKILL. In the middle of an answer: the client gets a protocol-correct error
 * event within 10 s, no text twice, and the job is recorded as interrupted with what was sent. Before
 * its first token: the job runs again on the pool's next worker and the client sees only latency.
 */
class WorkerCrashIT {

    private static final Pattern TEXT = Pattern.compile("\"text\":\"([^\"]*)\"");

    @Test
    void aWorkerKilledAfterTheFirstTokenEndsTheStreamWithAnErrorAndAnInterruptedRecord() throws Exception {
        String session = UUID.randomUUID().toString();
        String body = "{\"model\":\"mlx/qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,"
                + "\"metadata\":{\"user_id\":\"{\\\"session_id\\\":\\\"" + session + "\\\"}\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count slowly. [[sim tokens=2000 ttft_ms=5 tps=20]]\"}]}";
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                        .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        String jobId = response.headers().firstValue("switchboard-message-id").orElseThrow();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        List<String> tokens = new ArrayList<>();
        String line;
        while (tokens.size() < 5 && (line = reader.readLine()) != null) {
            collect(line, tokens);
        }

        long errorAfterMs;
        String lastEvent = null;
        try {
            Suite.script("kill", "worker-mlx");
            long killedAt = System.nanoTime();
            while ((line = reader.readLine()) != null) {
                collect(line, tokens);
                if (line.startsWith("event: ")) {
                    lastEvent = line.substring(7);
                }
            }
            // Taken before the worker is started again, which takes seconds of its own.
            errorAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
        } finally {
            Suite.script("start", "worker-mlx");
        }
        System.out.printf("worker killed mid-answer: the client's error event came %d ms after the kill, after %d tokens%n",
                errorAfterMs, tokens.size());

        assertThat(lastEvent).isEqualTo("error");
        assertThat(errorAfterMs).isLessThan(10_000);
        // The simulator counts w1, w2, …: every token once, in order.
        List<String> words = List.of(String.join("", tokens).strip().split(" "));
        for (int i = 0; i < words.size(); i++) {
            assertThat(words.get(i)).isEqualTo("w" + (i + 1));
        }

        JsonPath usage = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().extract().jsonPath(),
                json -> "interrupted".equals(json.getString("status")));
        assertThat(usage.getInt("output_tokens")).isEqualTo(tokens.size());
        JsonPath conversation = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/sessions/" + session).then().extract().jsonPath(),
                json -> json.get("message_count") != null && json.getInt("message_count") == 2);
        assertThat(conversation.getString("messages[1].stop_reason")).isEqualTo("interrupted");
        assertThat(conversation.getBoolean("messages[1].partial")).isTrue();
    }

    @Test
    void aJobWhoseWorkerIsKilledBeforeTheFirstTokenRunsOnAnotherAndTheClientSeesOnlyLatency() throws Exception {
        String marker = "takeover-" + UUID.randomUUID();
        String body = "{\"model\":\"ollama/qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + marker + " [[sim tokens=20 ttft_ms=4000 tps=100]]\"}]}";
        long sent = System.nanoTime();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                        .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        // The worker has called the backend, which holds back its first token for 4 s.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                Suite.simulatorStats(Suite.SIMULATOR_OLLAMA).path("recentRequests").findValuesAsText("lastUserMessage")
                        .stream().anyMatch(message -> message.contains(marker)));
        long killedAt;
        try {
            Suite.script("kill", "worker-ollama");
            killedAt = System.nanoTime();
        } finally {
            // The pool's next worker: the same service started again, with a new id.
            Suite.script("start", "worker-ollama");
        }

        HttpResponse<String> response = answer.get(90, java.util.concurrent.TimeUnit.SECONDS);
        long answeredMs = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf("worker killed before the first token: the full answer came %d ms after the kill (%d ms after the request)%n",
                answeredMs, (System.nanoTime() - sent) / 1_000_000);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop").doesNotContain("event: error");
        List<String> tokens = new ArrayList<>();
        response.body().lines().forEach(line -> collect(line, tokens));
        List<String> words = List.of(String.join("", tokens).strip().split(" "));
        assertThat(words).hasSize(20);
        for (int i = 0; i < words.size(); i++) {
            assertThat(words.get(i)).isEqualTo("w" + (i + 1));
        }
        String jobId = response.headers().firstValue("switchboard-message-id").orElseThrow();
        JsonPath usage = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().extract().jsonPath(),
                json -> json.getString("status") != null);
        assertThat(usage.getString("status")).isEqualTo("ok");
        assertThat(usage.getInt("output_tokens")).isEqualTo(20);
    }

    private static void collect(String line, List<String> tokens) {
        if (line.startsWith("data: ") && line.contains("\"text_delta\"")) {
            Matcher text = TEXT.matcher(line);
            if (text.find()) {
                tokens.add(text.group(1));
            }
        }
    }
}
