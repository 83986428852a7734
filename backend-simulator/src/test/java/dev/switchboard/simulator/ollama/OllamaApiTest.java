package dev.switchboard.simulator.ollama;

import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OllamaApiTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void rootSaysOllamaIsRunning() {
        given().get("/").then().statusCode(200).contentType(ContentType.TEXT).body(equalTo("Ollama is running"));
    }

    @Test
    void reportsAVersion() {
        given().get("/api/version").then().statusCode(200).body("version", matchesPattern("0\\.\\d+\\.\\d+"));
    }

    @Test
    void listsTheConfiguredModels() {
        given().get("/api/tags").then().statusCode(200)
                .body("models.name", hasItems("qwen2.5-coder:7b", "llama3.2:3b", "qwen3:8b", "llava:7b"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.model", equalTo("qwen2.5-coder:7b"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.digest", matchesPattern("[0-9a-f]{64}"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.modified_at", notNullValue())
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.details.family", equalTo("qwen2"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.details.format", equalTo("gguf"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.details.parameter_size", equalTo("7.6B"))
                .body("models.find { it.name == 'qwen2.5-coder:7b' }.details.quantization_level", equalTo("Q4_K_M"));
    }

    @Test
    void showsContextLengthAndCapabilities() {
        given().contentType(ContentType.JSON).body(Map.of("model", "qwen2.5-coder:7b")).post("/api/show")
                .then().statusCode(200)
                .body("model_info.'general.architecture'", equalTo("qwen2"))
                .body("model_info.'qwen2.context_length'", equalTo(32768))
                .body("capabilities", equalTo(List.of("completion", "tools", "insert")))
                .body("details.family", equalTo("qwen2"))
                .body("template", notNullValue())
                .body("parameters", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("model", "qwen3:8b")).post("/api/show")
                .then().statusCode(200).body("capabilities", hasItems("thinking", "tools"));
        given().contentType(ContentType.JSON).body(Map.of("name", "llava:7b")).post("/api/show")
                .then().statusCode(200).body("capabilities", hasItems("vision"));
    }

    @Test
    void showOfAnUnknownModelIs404LikeOllama() {
        given().contentType(ContentType.JSON).body(Map.of("model", "nope:1b")).post("/api/show")
                .then().statusCode(404).body("error", equalTo("model 'nope:1b' not found"));
    }

    @Test
    void psListsModelsLoadedByChatsWithTheirContextLength() throws Exception {
        SimulatorClient client = new SimulatorClient(base);
        var body = SimulatorClient.chat("llava:7b", "hi");
        body.put("stream", false);
        body.putObject("options").put("num_ctx", 8192);
        assertThat(client.send(client.post("/api/chat", body)).statusCode()).isEqualTo(200);

        var ps = given().get("/api/ps").then().statusCode(200).extract().jsonPath();
        assertThat(ps.getInt("models.find { it.name == 'llava:7b' }.context_length")).isEqualTo(8192);
        assertThat(ps.getLong("models.find { it.name == 'llava:7b' }.size_vram")).isPositive();
        assertThat(Instant.parse(ps.getString("models.find { it.name == 'llava:7b' }.expires_at"))).isAfter(Instant.now());

        body.put("keep_alive", 0);
        assertThat(client.send(client.post("/api/chat", body)).statusCode()).isEqualTo(200);
        given().get("/api/ps").then().statusCode(200).body("models.findAll { it.name == 'llava:7b' }.size()", equalTo(0));
    }
}
