package dev.switchboard.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every infrastructure outage test checks: a clear, quick refusal while it lasts, and recovery without help. */
final class Outages {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Outages() {
    }

    /** A short request, not streamed. */
    static HttpResponse<String> ask() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"qwen2.5-coder:7b\",\"max_tokens\":32,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi [[sim reply=\\\"Back.\\\" ttft_ms=5 tps=500]]\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** With {@code service} down, a request gets 503 or 529 naming it within {@code limit}, and readiness goes down. */
    static void refusedQuickly(String service, Duration limit) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> refused = ask();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("%s down: %d after %d ms: %s%n", service, refused.statusCode(), tookMs, refused.body());
        assertThat(refused.statusCode()).isIn(503, 529);
        assertThat(refused.body()).contains("\"type\":\"error\"").contains(service);
        assertThat(tookMs).isLessThan(limit.toMillis());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/q/health/ready").statusCode() == 503);
    }

    /** Requests are answered again and readiness is back, by themselves, after {@code service} returned at {@code returnedNanos}. */
    static void recovered(String service, long returnedNanos) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> ask().statusCode() == 200);
        System.out.printf("%s back: requests answered again after %d ms%n", service, (System.nanoTime() - returnedNanos) / 1_000_000);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/q/health/ready").statusCode() == 200);
    }
}
