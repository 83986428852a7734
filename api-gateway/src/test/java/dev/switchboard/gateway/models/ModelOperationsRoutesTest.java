package dev.switchboard.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.gateway.routing.ModelRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Ollama's pull and delete on the gateway, carried to a worker over the real Redis control channel. */
@QuarkusTest
class ModelOperationsRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    ModelRegistry registry;
    @Inject
    ModelOperations operations;

    @TestHTTPResource("/")
    URI gateway;

    private FakeModelWorker worker;

    @BeforeEach
    void start() {
        worker = new FakeModelWorker(redis, "resident:1b");
        await().atMost(WAIT).until(() -> registry.refresh().await().atMost(WAIT).stream()
                .map(WorkerStatus::workerId).anyMatch(worker.id::equals) && registry.poolsSeen().contains(worker.pool));
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void aPullStreamsOllamasProgressLinesEndingWithSuccess() {
        String body = given().contentType(ContentType.JSON).body(Map.of("model", worker.pool + "/smollm2:135m"))
                .post("/api/pull").then().statusCode(200).contentType("application/x-ndjson").extract().asString();

        assertThat(body).isEqualTo("""
                {"status":"pulling manifest"}
                {"status":"pulling 6a07","digest":"sha256:6a07","total":100,"completed":100}
                {"status":"success"}
                """);
        assertThat(worker.models).contains("smollm2:135m");
    }

    @Test
    void aPullWithoutStreamingAnswersOneLine() {
        given().contentType(ContentType.JSON).body(Map.of("name", worker.pool + "/tiny:1b", "stream", false))
                .post("/api/pull").then().statusCode(200).contentType(ContentType.JSON).body("status", equalTo("success"));
    }

    @Test
    void whatTheBackendCannotDoIsA400InOllamasShape() {
        given().contentType(ContentType.JSON).body(Map.of("model", worker.pool + "/refused:1b"))
                .post("/api/pull").then().statusCode(400).body("error", equalTo("cannot pull refused:1b: no pull API"));
    }

    @Test
    void deleteAnswers200ThenNotFound() {
        given().contentType(ContentType.JSON).body(Map.of("model", worker.pool + "/resident:1b")).delete("/api/delete")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("model", worker.pool + "/resident:1b")).delete("/api/delete")
                .then().statusCode(404).body("error", equalTo("model 'resident:1b' not found"));
    }

    @Test
    void badRequestsAre400sInOllamasShape() {
        given().contentType(ContentType.JSON).body(Map.of("stream", false)).post("/api/pull")
                .then().statusCode(400).body("error", equalTo("model is required"));
        given().contentType(ContentType.JSON).body("{\"model\":").post("/api/pull")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.startsWith("invalid JSON body"));
        given().contentType(ContentType.JSON).body("[]").delete("/api/delete")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.startsWith("missing request body"));
    }

    @Test
    void showAsksAWorkerThatServesTheModel() {
        JsonNode details = operations.show("resident:1b").await().atMost(WAIT);

        assertThat(details.path("modelfile").asText()).isEqualTo("FROM resident:1b");
    }

    @Test
    void aClientThatHangsUpCancelsThePullOnTheWorker() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/api/pull"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + worker.pool + "/endless:70b\"}")).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("{\"status\":\"pulling manifest\"}");
            assertThat(lines.readLine()).startsWith("{\"status\":\"pulling 6a07\"");
            response.body().close();
        }

        await().atMost(WAIT).until(() -> worker.cancelled.size() == 1);
    }
}
