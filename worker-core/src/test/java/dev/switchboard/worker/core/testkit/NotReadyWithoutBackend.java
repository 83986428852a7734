package dev.switchboard.worker.core.testkit;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/**
 * What every worker promises without its backend: not ready, and only because of the backend. A
 * worker's test extends it, annotated {@code @QuarkusTest @TestProfile(NoBackend.class)}.
 */
public abstract class NotReadyWithoutBackend {

    @Test
    void notReadyWhileTheBackendDoesNotAnswer() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'backend' }.status", is("DOWN"))
                .body("checks.findAll { it.name != 'backend' }.every { it.status == 'UP' }", is(true));
    }
}
