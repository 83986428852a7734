package dev.switchboard.simulator.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class FailureInjectionTest {

    @TestHTTPResource("/")
    URI base;

    private SimulatorClient client() {
        return new SimulatorClient(base);
    }

    @Test
    void httpFailuresGetEachProtocolsErrorBody() throws Exception {
        HttpResponse<String> ollama = client().send(client().post("/api/chat", chat("llama3.2:3b", "[[sim fail=http:503]]")));
        HttpResponse<String> openai = client().send(client().post("/v1/chat/completions", chat("llama3.2:3b", "hi"),
                "X-Simulator-Fail", "http:429", "X-Request-Id", "fail-429"));

        assertThat(ollama.statusCode()).isEqualTo(503);
        assertThat(SimulatorClient.json(ollama.body()).path("error").asText()).contains("503");
        assertThat(openai.statusCode()).isEqualTo(429);
        JsonNode error = SimulatorClient.json(openai.body()).path("error");
        assertThat(error.path("message").asText()).contains("429");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.has("code")).isTrue();
        assertThat(client().summaryOf("fail-429").path("outcome").asText()).isEqualTo("http_429");
    }

    @Test
    void droppingAfterNTokensEndsTheOllamaStreamWithoutDone() {
        SimulatorClient.Lines reply = client().lines("/api/chat", chat("llama3.2:3b", "[[sim tokens=20 fail=drop_after:3]]"),
                "X-Request-Id", "drop-ollama");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.cutShort()).isTrue();
        List<JsonNode> lines = reply.ndjson();
        assertThat(lines).extracting(l -> l.path("message").path("content").asText()).containsExactly("w1", " w2", " w3");
        assertThat(lines).noneMatch(l -> l.path("done").asBoolean());
        assertThat(client().summaryOf("drop-ollama").path("outcome").asText()).isEqualTo("dropped");
    }

    @Test
    void droppingEndsTheOpenAiStreamWithoutDone() {
        SimulatorClient.Lines reply = client().lines("/v1/chat/completions",
                chat("llama3.2:3b", "[[sim tokens=20 fail=drop_after:2]]").put("stream", true));

        assertThat(reply.cutShort()).isTrue();
        assertThat(reply.events()).hasSize(2).doesNotContain("[DONE]");
    }

    @Test
    void streamErrorsEndWithTheProtocolsErrorEvent() {
        SimulatorClient.Lines ollama = client().lines("/api/chat", chat("llama3.2:3b", "[[sim tokens=20 fail=error_after:2]]"));
        SimulatorClient.Lines openai = client().lines("/v1/chat/completions",
                chat("llama3.2:3b", "[[sim tokens=20 fail=error_after:2]]").put("stream", true));

        List<JsonNode> lines = ollama.ndjson();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).path("error").asText()).contains("simulated error");
        assertThat(ollama.cutShort()).isFalse();
        List<String> events = openai.events();
        assertThat(events).hasSize(4).last().isEqualTo("[DONE]");
        assertThat(SimulatorClient.json(events.get(2)).path("error").path("message").asText()).contains("simulated error");
    }

    @Test
    void stallingSendsNothingMoreUntilTheClientGivesUp() throws Exception {
        String id = "stall-1";
        HttpResponse<InputStream> response = client().open(client().post("/v1/chat/completions",
                chat("llama3.2:3b", "[[sim tokens=20 fail=stall_after:2]]").put("stream", true), "X-Request-Id", id));
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int events = 0;
        while (events < 2) {
            String line = reader.readLine();
            assertThat(line).isNotNull();
            if (line.startsWith("data: ")) {
                events++;
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "stalled".equals(client().summaryOf(id).path("outcome").asText()));
        assertThat(client().stats().path("inFlightStreams").asInt()).isPositive();

        response.body().close();

        await().atMost(Duration.ofSeconds(5)).until(() -> client().disconnectOf(id) != null);
        JsonNode record = client().disconnectOf(id);
        assertThat(record.path("stalled").asBoolean()).isTrue();
        assertThat(record.path("tokensSent").asInt()).isEqualTo(2);
        assertThat(client().summaryOf(id).path("outcome").asText()).isEqualTo("disconnected");
    }
}
