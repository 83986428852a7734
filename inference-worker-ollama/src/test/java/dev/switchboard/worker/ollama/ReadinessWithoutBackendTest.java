package dev.switchboard.worker.ollama;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

@QuarkusTest
@TestProfile(ReadinessWithoutBackendTest.NoOllama.class)
class ReadinessWithoutBackendTest {

    public static class NoOllama implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.worker.backend-url", "http://127.0.0.1:" + closedPort());
        }
    }

    @Test
    void notReadyWhileOllamaDoesNotAnswer() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'backend' }.status", is("DOWN"))
                .body("checks.findAll { it.name != 'backend' }.every { it.status == 'UP' }", is(true));
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
