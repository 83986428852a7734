package dev.switchboard.system;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka down: new requests get a clear overloaded error within 5 s, readiness says why, and the suite recovers by itself. */
class KafkaOutageIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> ask() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"qwen2.5-coder:7b\",\"max_tokens\":32,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi [[sim reply=\\\"Back.\\\" ttft_ms=5 tps=500]]\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withKafkaDownRequestsFailFastAndTheSuiteRecoversWhenItReturns() throws Exception {
        assertThat(ask().statusCode()).isEqualTo(200);
        Suite.infra("stop-one", "kafka");
        long recovered;
        try {
            long started = System.nanoTime();
            HttpResponse<String> refused = ask();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("Kafka down: %d after %d ms: %s%n", refused.statusCode(), tookMs, refused.body());
            assertThat(refused.statusCode()).isIn(503, 529);
            assertThat(refused.body()).contains("\"type\":\"error\"").contains("Kafka");
            assertThat(tookMs).isLessThan(6000);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    given().baseUri(Suite.GATEWAY).get("/q/health/ready").statusCode() == 503);
        } finally {
            Suite.infra("start-one", "kafka");
            recovered = System.nanoTime();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> ask().statusCode() == 200);
        System.out.printf("Kafka back: requests answered again after %d ms%n", (System.nanoTime() - recovered) / 1_000_000);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/q/health/ready").statusCode() == 200);
    }
}
