package dev.switchboard.metrics.usage;

import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the tests read back from the running service: usage records and Prometheus samples. */
final class UsageApi {

    static final Duration WAIT = Duration.ofSeconds(60);

    private UsageApi() {
    }

    static boolean stored(String jobId) {
        return given().get("/api/metrics/usage/{id}", jobId).statusCode() == 200;
    }

    /** Waits until the job's usage is stored, and returns it. */
    static JsonPath awaitStored(String jobId) {
        await().atMost(WAIT).until(() -> stored(jobId));
        return given().get("/api/metrics/usage/{id}", jobId).then().statusCode(200).extract().jsonPath();
    }

    /** The value of the one Prometheus sample of this name whose labels include these, if there is one. */
    static Optional<Double> sample(String name, Map<String, String> labels) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return Arrays.stream(scrape.split("\n"))
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((first, second) -> {
                    throw new IllegalStateException("more than one sample of " + name + " with " + labels);
                });
    }
}
