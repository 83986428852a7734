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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis down: an answer streaming at that moment ends with an error event, new requests get a clear
 * overloaded error at once, readiness goes down, and when Redis returns the suite recovers by itself,
 * with its subscriptions (the gateway's reply channel, the workers' cancel channels) back.
 */
class RedisOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Streaming(String jobId, BufferedReader reader) {
    }

    /** A long streaming answer, read up to its first text. */
    private static Streaming longAnswer() throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Go on. [[sim tokens=2000 ttft_ms=5 tps=50]]\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.contains("text_delta")) {
            // up to the first token
        }
        return new Streaming(response.headers().firstValue("switchboard-message-id").orElseThrow(), reader);
    }

    private static String rest(BufferedReader reader) {
        StringBuilder rest = new StringBuilder();
        reader.lines().forEach(line -> rest.append(line).append('\n'));
        return rest.toString();
    }

    @Test
    void withRedisDownAnswersEndCleanlyRequestsFailFastAndTheSuiteRecoversWhenItReturns() throws Exception {
        assertThat(Outages.ask().statusCode()).isEqualTo(200);
        Streaming inFlight = longAnswer();
        CompletableFuture<String> inFlightRest = CompletableFuture.supplyAsync(() -> rest(inFlight.reader()));

        long stopped = System.nanoTime();
        Suite.infra("stop-one", "redis", "--force");
        long returned;
        try {
            // The answer streaming when Redis went away ends with an error event, not silence.
            String rest = inFlightRest.get(20, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("Redis down: the answer in flight ended %d ms after the stop%n", (System.nanoTime() - stopped) / 1_000_000);
            assertThat(rest).contains("event: error").doesNotContain("message_stop");

            Outages.refusedQuickly("Redis", Duration.ofSeconds(5));
        } finally {
            Suite.infra("start-one", "redis");
            returned = System.nanoTime();
        }
        Outages.recovered("Redis", returned);

        // The workers listen for cancels again: a cancel still stops a generation.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Streaming streaming = longAnswer();
            long cancelled = System.nanoTime();
            HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/cancel/" + streaming.jobId()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
            assertThat(CompletableFuture.supplyAsync(() -> rest(streaming.reader())).get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .contains("event: error");
            System.out.printf("Redis back: a cancel ended its stream in %d ms%n", (System.nanoTime() - cancelled) / 1_000_000);
        });
    }
}
