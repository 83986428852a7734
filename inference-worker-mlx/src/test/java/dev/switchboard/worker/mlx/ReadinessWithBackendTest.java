package dev.switchboard.worker.mlx;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Real Kafka and Redis from the environment; a live mlx_lm.server stand-in. */
@QuarkusTest
@WithTestResource(FakeOpenAiCompatible.class)
class ReadinessWithBackendTest {

    FakeOpenAiCompatibleServer server;

    @Test
    void readyWhenKafkaRedisAndTheServerAnswer() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem(containsStringIgnoringCase("kafka")))
                .body("checks.name", hasItem(containsStringIgnoringCase("redis")))
                .body("checks.find { it.name == 'backend' }.data.answer", is("ok"))
                .body("checks.find { it.name == 'backend' }.data.pool", is("mlx"))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void sendsNoCredentialsWithoutAnApiKey() {
        given().get("/q/health/ready").then().statusCode(200);

        assertThat(server.authorizations()).isNotEmpty().containsOnly("null");
    }

    @Test
    void livenessMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("Switchboard inference-worker-mlx"));
    }
}
