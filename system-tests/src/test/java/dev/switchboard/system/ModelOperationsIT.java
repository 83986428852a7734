package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Model pulls and deletes through the gateway with a real Ollama client (ollama4j): the gateway
 * carries them over Redis to the worker in front of each Ollama server (here the simulator's), and
 * the OpenAI-compatible pool (mlx) says it cannot.
 */
class ModelOperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOllamaClientPullsAModelThroughTheGatewayThenDeletesIt() throws OllamaException {
        Ollama ollama = new Ollama(Suite.GATEWAY);
        String model = "smollm2:135m";

        ollama.pullModel(model);

        given().baseUri(Suite.SIMULATOR_OLLAMA).get("/api/tags").then().body("models.name", hasItem(model));
        // The worker lists it in its next status report, and routing serves it.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().extract()
                        .<List<String>>path("servers.models.flatten().name").contains(model));

        ollama.deleteModel(model, false);

        given().baseUri(Suite.SIMULATOR_OLLAMA).get("/api/tags").then().body("models.name", not(hasItem(model)));
        // ollama4j takes a 404 "model … not found" for done whatever it is asked, so the second delete is checked on the wire.
        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("model", model)).delete("/api/delete")
                .then().statusCode(404).body("error", equalTo("model '" + model + "' not found"));
    }

    @Test
    void thePullStreamsOllamasProgressLines() throws Exception {
        String body = given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("model", "ollama/tinyllama:1.1b"))
                .post("/api/pull").then().statusCode(200).contentType("application/x-ndjson").extract().asString();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines.getFirst().path("status").asText()).isEqualTo("pulling manifest");
        assertThat(lines).filteredOn(line -> line.has("digest")).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("status").asText()).startsWith("pulling ");
            assertThat(line.path("total").asLong()).isPositive();
        });
        assertThat(lines).extracting(line -> line.path("status").asText()).contains("verifying sha256 digest", "writing manifest");
        assertThat(lines.getLast().path("status").asText()).isEqualTo("success");

        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("model", "ollama/tinyllama:1.1b"))
                .delete("/api/delete").then().statusCode(200);
    }

    @Test
    void anOpenAiCompatiblePoolCannotPullAndSaysSoInOllamasShape() {
        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("model", "mlx/mlx-community/Qwen3-0.6B-4bit"))
                .post("/api/pull").then().statusCode(400)
                .body("error", containsString("is an OpenAI-compatible server (such as mlx_lm.server), which has no pull API"));
    }

    @Test
    void deletingAModelNoServerHasIsA404InOllamasShape() {
        given().baseUri(Suite.GATEWAY).contentType(ContentType.JSON).body(Map.of("model", "never-pulled:1b"))
                .delete("/api/delete").then().statusCode(404).body("error", equalTo("model 'never-pulled:1b' not found"));
    }
}
