package dev.switchboard.simulator.stats;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A client that goes away stops the generation at once, and is counted. */
@QuarkusTest
class DisconnectTest {

    private static final int TOKENS = 200;

    @TestHTTPResource("/")
    URI base;

    private SimulatorClient client() {
        return new SimulatorClient(base);
    }

    private long tokensEmitted() {
        return client().stats().path("tokensEmitted").asLong();
    }

    private void readTwoTokensThenHangUp(String path, String id, boolean sse) throws Exception {
        var body = chat("llama3.2:3b", "[[sim tokens=" + TOKENS + " ttft_ms=0 tps=50]]").put("stream", true);
        HttpResponse<InputStream> response = client().open(client().post(path, body, "X-Simulator-Request-Id", id));
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        int tokens = 0;
        while (tokens < 2) {
            String line = reader.readLine();
            assertThat(line).isNotNull();
            if (sse ? line.startsWith("data: ") : !line.isBlank()) {
                tokens++;
            }
        }
        response.body().close();
    }

    private void assertDisconnectRecordedAndGenerationStopped(String id, String protocol, boolean stream) {
        await().atMost(Duration.ofSeconds(5)).until(() -> client().disconnectOf(id) != null);
        JsonNode record = client().disconnectOf(id);
        assertThat(record.path("protocol").asText()).isEqualTo(protocol);
        assertThat(record.path("model").asText()).isEqualTo("llama3.2:3b");
        assertThat(record.path("stream").asBoolean()).isEqualTo(stream);
        assertThat(record.path("tokensSent").asInt()).isBetween(stream ? 2 : 1, TOKENS - 1);
        assertThat(record.path("stalled").asBoolean()).isFalse();
        long disconnectedAt = record.path("disconnectedAtEpochNanos").asLong();
        assertThat(disconnectedAt).isBetween(System.currentTimeMillis() * 1_000_000 - 10_000_000_000L,
                System.currentTimeMillis() * 1_000_000 + 1_000_000_000L);
        assertThat(record.path("nanosSinceLastToken").asLong()).isBetween(0L, 5_000_000_000L);
        assertThat(client().summaryOf(id).path("outcome").asText()).isEqualTo("disconnected");

        // At 50 tokens/s a generation that went on would add about 15 tokens in this window.
        long before = tokensEmitted();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> tokensEmitted() == before);
    }

    @Test
    void ollamaStreamStopsWhenTheClientHangsUp() throws Exception {
        long disconnects = client().stats().path("disconnects").asLong();

        readTwoTokensThenHangUp("/api/chat", "hangup-ollama", false);

        assertDisconnectRecordedAndGenerationStopped("hangup-ollama", "ollama", true);
        assertThat(client().stats().path("disconnects").asLong()).isGreaterThan(disconnects);
    }

    @Test
    void openAiStreamStopsWhenTheClientHangsUp() throws Exception {
        readTwoTokensThenHangUp("/v1/chat/completions", "hangup-openai", true);

        assertDisconnectRecordedAndGenerationStopped("hangup-openai", "openai", true);
    }

    @Test
    void aClientWaitingForAWholeReplyCanHangUpToo() {
        var body = chat("llama3.2:3b", "[[sim tokens=" + TOKENS + " ttft_ms=0 tps=50]]");
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("X-Request-Id", "hangup-whole")
                .timeout(Duration.ofMillis(400)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();

        assertThatThrownBy(() -> client().send(request)).isInstanceOf(HttpTimeoutException.class);

        assertDisconnectRecordedAndGenerationStopped("hangup-whole", "openai", false);
    }

    @Test
    void disconnectsAreCountedInPrometheus() throws Exception {
        readTwoTokensThenHangUp("/api/chat", "hangup-metrics", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client().disconnectOf("hangup-metrics") != null);

        String metrics = client().send(client().request("/q/metrics").GET().build()).body();

        assertThat(metrics).containsPattern("simulator_disconnects_total\\{[^}]*protocol=\"ollama\"[^}]*} [1-9]");
    }
}
