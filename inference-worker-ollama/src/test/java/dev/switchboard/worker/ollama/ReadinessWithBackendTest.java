package dev.switchboard.worker.ollama;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Real Kafka and Redis from the environment; a live Ollama stand-in. */
@QuarkusTest
@WithTestResource(FakeOllama.class)
class ReadinessWithBackendTest {

    @Test
    void readyWhenKafkaRedisAndOllamaAnswer() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem(containsStringIgnoringCase("kafka")))
                .body("checks.name", hasItem(containsStringIgnoringCase("redis")))
                .body("checks.find { it.name == 'backend' }.data.answer", is("Ollama is running"))
                .body("checks.find { it.name == 'backend' }.data.pool", is("ollama"))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void livenessMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("Switchboard inference-worker-ollama"));
    }
}
