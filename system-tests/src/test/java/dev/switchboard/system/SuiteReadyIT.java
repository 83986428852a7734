package dev.switchboard.system;

import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * The suite as scripts/suite.sh up --simulator leaves it: every service ready against the real
 * Kafka, Redis and PostgreSQL, each worker seeing its own simulator as its backend.
 */
class SuiteReadyIT {

    @ParameterizedTest(name = "{0} is ready, live, and serves metrics and OpenAPI")
    @CsvSource({
            "api-gateway, 4000",
            "session-service, 4001",
            "metrics-service, 4002",
            "inference-worker-ollama, 4003",
            "inference-worker-mlx, 4004",
            "simulator-ollama, 4010",
            "simulator-mlx, 4011"
    })
    void everyServiceIsReady(String service, int port) {
        String base = "http://127.0.0.1:" + port;
        given().baseUri(base).get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.status", everyItem(is("UP")));
        given().baseUri(base).get("/q/health/live").then().statusCode(200);
        given().baseUri(base).get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().baseUri(base).get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
    }

    @Test
    void eachWorkerReachesItsOwnSimulator() {
        given().baseUri("http://127.0.0.1:4003").get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'backend' }.data.url", is(Suite.SIMULATOR_OLLAMA));
        given().baseUri("http://127.0.0.1:4004").get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'backend' }.data.url", is(Suite.SIMULATOR_MLX));
    }

    @Test
    void theGatewayAnswersClaudeCodesProbe() {
        given().baseUri("http://127.0.0.1:4000").head("/").then().statusCode(200);
    }

    @Test
    void theSimulatorSpeaksBothBackendProtocols() {
        RestAssured.given().baseUri("http://127.0.0.1:4010").get("/").then()
                .statusCode(200).body(containsString("Ollama is running"));
        given().baseUri("http://127.0.0.1:4010").get("/api/tags").then()
                .statusCode(200).body("models.name", hasItems("qwen2.5-coder:7b"));
        given().baseUri("http://127.0.0.1:4010").get("/v1/models").then()
                .statusCode(200).body("object", is("list"));
    }
}
