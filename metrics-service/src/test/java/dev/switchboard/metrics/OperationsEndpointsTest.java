package dev.switchboard.metrics;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Runs against the real Kafka and PostgreSQL named by the environment (or Dev Services). */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessReflectsKafkaAndTheDatabase() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem(containsStringIgnoringCase("kafka")))
                .body("checks.name", hasItem(containsStringIgnoringCase("postgresql")))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void livenessMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("llm.completions consumer"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("Switchboard metrics-service"))
                .body(containsString("/api/metrics/summary"))
                .body(containsString("/api/metrics/timeseries"))
                .body(containsString("/api/metrics/usage/{job_id}"));
    }
}
