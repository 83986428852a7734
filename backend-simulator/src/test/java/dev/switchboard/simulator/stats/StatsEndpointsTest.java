package dev.switchboard.simulator.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class StatsEndpointsTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyResponseCarriesARequestId() {
        given().get("/api/tags").then().header("X-Simulator-Request-Id", matchesPattern("sim-[0-9a-f]{8}-\\d+"));
        given().get("/q/health/live").then().statusCode(200).header("X-Simulator-Request-Id", notNullValue());
        given().header("X-Request-Id", "my-label").get("/health").then().header("X-Simulator-Request-Id", equalTo("my-label"));
        given().header("X-Simulator-Request-Id", "sim-label").get("/nowhere").then().statusCode(404)
                .header("X-Simulator-Request-Id", equalTo("sim-label"));
    }

    @Test
    void keepsTheLastRequestBodiesForTestsToInspect() throws Exception {
        SimulatorClient client = new SimulatorClient(base);
        var first = chat("qwen2.5-coder:7b", "first").put("stream", false);
        first.putObject("options").put("num_ctx", 16384);
        var second = chat("llama3.2:3b", "second");
        second.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "Grep");
        client.send(client.post("/api/chat", first, "X-Request-Id", "kept-1", "Authorization", "Bearer secret"));
        client.send(client.post("/v1/chat/completions", second, "X-Request-Id", "kept-2"));

        given().queryParam("limit", 2).get("/simulator/requests").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].requestId", equalTo("kept-1"))
                .body("[0].protocol", equalTo("ollama"))
                .body("[0].path", equalTo("/api/chat"))
                .body("[0].body.options.num_ctx", equalTo(16384))
                .body("[0].headers.authorization", equalTo("<redacted>"))
                .body("[1].requestId", equalTo("kept-2"))
                .body("[1].protocol", equalTo("openai"))
                .body("[1].body.tools[0].function.name", equalTo("Grep"))
                .body("[1].truncated", equalTo(false));
        given().queryParam("limit", 0).get("/simulator/requests").then().statusCode(400);
    }

    @Test
    void statsSummariseRecentRequestsAndResetZeroesThem() throws Exception {
        SimulatorClient client = new SimulatorClient(base);
        var body = chat("qwen3:8b", "count me [[sim tokens=3]]").put("stream", false);
        body.putObject("options").put("num_predict", 100);
        client.send(client.post("/api/chat", body, "X-Request-Id", "summary-1"));

        JsonNode summary = client.summaryOf("summary-1");
        assertThat(summary.path("protocol").asText()).isEqualTo("ollama");
        assertThat(summary.path("model").asText()).isEqualTo("qwen3:8b");
        assertThat(summary.path("stream").asBoolean()).isFalse();
        assertThat(summary.path("messages").asInt()).isEqualTo(1);
        assertThat(summary.path("lastUserMessage").asText()).isEqualTo("count me [[sim tokens=3]]");
        assertThat(summary.path("maxTokens").asInt()).isEqualTo(100);
        assertThat(summary.path("numCtx").asInt()).isEqualTo(4096);
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        JsonNode stats = client.stats();
        for (String field : new String[] {"startedStreams", "completedStreams", "inFlightStreams", "disconnects", "dropped",
                "streamErrors", "rejected", "tokensEmitted", "recentRequests", "recentDisconnects", "since"}) {
            assertThat(stats.has(field)).as(field).isTrue();
        }
        assertThat(stats.path("requestsByProtocol").path("ollama").asLong()).isPositive();
        assertThat(stats.path("completedStreams").asLong()).isPositive();

        given().post("/simulator/reset").then().statusCode(204);

        given().get("/simulator/stats").then().statusCode(200)
                .body("requestsByProtocol.ollama", equalTo(0))
                .body("requestsByProtocol.openai", equalTo(0))
                .body("completedStreams", equalTo(0))
                .body("tokensEmitted", equalTo(0))
                .body("recentRequests.size()", equalTo(0))
                .body("recentDisconnects.size()", equalTo(0));
        given().get("/simulator/requests").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("simulator-models"));
        given().contentType(ContentType.JSON).body(chat("llama3.2:3b", "[[sim tokens=2]]").toString()).post("/api/chat")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("simulator_requests_total{protocol=\"ollama\"}"))
                .body(containsString("simulator_tokens_emitted_total{protocol=\"ollama\"}"))
                .body(containsString("simulator_disconnects_total"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/chat"))
                .body(containsString("/v1/chat/completions"));
    }
}
