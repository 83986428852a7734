package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class OllamaPullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void pullStreamsOllamasProgressLinesAndTheModelAppears() throws Exception {
        String body = given().contentType(ContentType.JSON).body(Map.of("model", "smollm2")).post("/api/pull")
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines.getFirst().path("status").asText()).isEqualTo("pulling manifest");
        assertThat(lines.getLast().path("status").asText()).isEqualTo("success");
        assertThat(lines).extracting(line -> line.path("status").asText())
                .contains("verifying sha256 digest", "writing manifest");
        List<JsonNode> layers = lines.stream().filter(line -> line.has("digest")).toList();
        assertThat(layers).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("digest").asText()).matches("sha256:[0-9a-f]{64}");
            assertThat(line.path("status").asText()).isEqualTo("pulling " + line.path("digest").asText().substring(7, 19));
            assertThat(line.path("total").asLong()).isPositive();
        });
        JsonNode last = layers.getLast();
        assertThat(last.path("completed").asLong()).isEqualTo(last.path("total").asLong());

        given().get("/api/tags").then().statusCode(200).body("models.name", hasItem("smollm2:latest"));
        given().contentType(ContentType.JSON).body(Map.of("model", "smollm2")).post("/api/show").then().statusCode(200)
                .body("details.format", equalTo("gguf"));
    }

    @Test
    void theModelIsThereWhenSuccessIsSaid() throws Exception {
        HttpRequest pull = HttpRequest.newBuilder(base.resolve("/api/pull"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"early:1b\"}")).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(pull, HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();
            String line = lines.next();
            while (!JSON.readTree(line).path("status").asText().equals("success")) {
                line = lines.next();
            }
            // Read while the pull's response may still be open: a client acts on "success" at once.
            given().get("/api/tags").then().body("models.name", hasItem("early:1b"));
        }
        given().contentType(ContentType.JSON).body(Map.of("model", "early:1b")).delete("/api/delete").then().statusCode(200);
    }

    @Test
    void pullWithoutStreamingAnswersOneLine() {
        given().contentType(ContentType.JSON).body(Map.of("model", "tinyllama:1.1b", "stream", false)).post("/api/pull")
                .then().statusCode(200).contentType(ContentType.JSON).body(equalTo("{\"status\":\"success\"}"));
    }

    @Test
    void deleteRemovesAModelAndAnUnknownOneIs404() {
        given().contentType(ContentType.JSON).body(Map.of("model", "gone:1b", "stream", false)).post("/api/pull").then().statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("model", "gone:1b")).delete("/api/delete").then().statusCode(200);

        given().get("/api/tags").then().body("models.name", not(hasItem("gone:1b")));
        given().contentType(ContentType.JSON).body(Map.of("model", "gone:1b")).delete("/api/delete")
                .then().statusCode(404).body("error", equalTo("model 'gone:1b' not found"));
    }

    @Test
    void aPullWithoutANameIs400() {
        given().contentType(ContentType.JSON).body(Map.of("stream", false)).post("/api/pull")
                .then().statusCode(400).body("error", equalTo("invalid model name"));
    }
}
