package dev.switchboard.system;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * A backend down: its clients get overloaded_error (which the SDKs retry), its worker reports it
 * unreachable, routing sends the shared model to the other pool, and the pool comes back with it.
 */
class BackendOutageIT {

    private static final String BODY = "{\"model\":\"%s\",\"max_tokens\":32,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Hi [[sim reply=\\\"Hello.\\\" ttft_ms=5 tps=500]]\"}]}";

    private static io.restassured.response.Response ask(String model) {
        return given().baseUri(Suite.GATEWAY).contentType("application/json").body(BODY.formatted(model)).post("/v1/messages");
    }

    private static boolean healthy(String server) {
        List<Boolean> healthy = given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().extract()
                .path("servers.findAll { it.url == '" + server + "' }.healthy");
        return !healthy.isEmpty() && healthy.getFirst();
    }

    @Test
    void aBackendThatIsDownGetsNoWorkAndComesBack() {
        try {
            Suite.script("stop", "simulator-ollama");
            ask("ollama/qwen2.5-coder:7b").then().statusCode(529).body("error.type", is("overloaded_error"));

            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> !healthy(Suite.SIMULATOR_OLLAMA));
            System.out.printf("backend down: its server listed unhealthy after %d ms%n", (System.nanoTime() - stoppedAt) / 1_000_000);
            given().baseUri("http://127.0.0.1:4003").get("/q/health/ready").then().statusCode(503);
            ask("ollama/qwen2.5-coder:7b").then().statusCode(529).body("error.type", is("overloaded_error"))
                    .body("error.message", containsString("not reachable"));
            long mlxBefore = Suite.chats(Suite.SIMULATOR_MLX);
            for (int i = 0; i < 4; i++) {
                ask("qwen2.5-coder:7b").then().statusCode(200).body("content[0].text", is("Hello."));
            }
            assertThat(Suite.chats(Suite.SIMULATOR_MLX) - mlxBefore).isEqualTo(4);
        } finally {
            Suite.script("start", "simulator-ollama");
        }
        long startedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> healthy(Suite.SIMULATOR_OLLAMA));
        System.out.printf("backend back: its server listed healthy after %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
        ask("ollama/qwen2.5-coder:7b").then().statusCode(200).body("content[0].text", is("Hello."));
    }
}
