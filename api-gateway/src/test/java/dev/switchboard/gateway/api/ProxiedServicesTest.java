package dev.switchboard.gateway.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/** /api/sessions and /api/metrics relay the services' answers as they are, and fail fast and clearly when a service is away. */
@QuarkusTest
@QuarkusTestResource(value = FakeSessionService.class, restrictToAnnotatedClass = true)
class ProxiedServicesTest {

    private FakeSessionService.Received last() {
        return FakeSessionService.RECEIVED.getLast();
    }

    @Test
    void aCreateIsRelayedWithItsBodyAndTheAnswerPointsAtTheGateway() {
        given().contentType("application/json").body("{\"title\":\"Plans\"}").post("/api/sessions").then()
                .statusCode(201)
                .contentType("application/json")
                .header("Location", "/api/sessions/conv-1")
                .body("id", is("conv-1"));
        assertThat(last()).isEqualTo(new FakeSessionService.Received("POST", "/api/sessions", "{\"title\":\"Plans\"}", "application/json"));
    }

    @Test
    void queryParametersReachTheService() {
        given().queryParam("page", "2").queryParam("q", "kafka lag").queryParam("source", "claude-code")
                .get("/api/sessions").then().statusCode(200);
        assertThat(last().uri()).startsWith("/api/sessions?").contains("page=2", "source=claude-code", "q=kafka");
    }

    @Test
    void theServicesErrorsPassThroughInTheirShape() {
        given().get("/api/sessions/unknown-id").then()
                .statusCode(404).body("type", is("error")).body("error.type", is("not_found_error"))
                .body("error.message", containsString("unknown-id"));
    }

    @Test
    void anExportKeepsItsContentTypeAndDisposition() {
        given().get("/api/sessions/conv-1/export?format=markdown").then()
                .statusCode(200)
                .contentType(containsString("text/markdown"))
                .header("Content-Disposition", containsString("conv-1.md"))
                .body(is("# New conversation\n"));
        assertThat(last().uri()).isEqualTo("/api/sessions/conv-1/export?format=markdown");
        given().delete("/api/sessions/conv-1").then().statusCode(204);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA503() {
        long started = System.nanoTime();
        given().get("/api/sessions/slow").then()
                .statusCode(503).body("type", is("error")).body("error.type", is("api_error"))
                .body("error.message", containsString("session-service is not available now"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void aServiceThatIsDownIsAQuick503InTheGatewaysShape() {
        given().get("/api/metrics/summary?group_by=model").then()
                .statusCode(503)
                .header("request-id", notNullValue())
                .body("type", is("error"))
                .body("error.type", is("api_error"))
                .body("error.message", containsString("metrics-service is not available now"))
                .time(lessThan(5000L));
    }
}
