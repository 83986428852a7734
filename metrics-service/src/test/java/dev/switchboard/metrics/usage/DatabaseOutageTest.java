package dev.switchboard.metrics.usage;

import dev.switchboard.contract.completion.Completion;
import dev.switchboard.metrics.config.ConsumerConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.List;
import java.util.Map;

import static dev.switchboard.metrics.usage.UsageApi.WAIT;
import static dev.switchboard.metrics.usage.UsageApi.awaitStored;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The database goes away (through {@link DatabaseProxy}; the shared server keeps running): records
 * wait in Kafka with consumption paused, none goes to the dead-letter topic, and once the database
 * is back every one is stored. Needs the database's address from the environment, as Dev Services'
 * database cannot be relayed before it exists.
 */
@QuarkusTest
@WithTestResource(DatabaseProxy.class)
@EnabledIfEnvironmentVariable(named = "QUARKUS_DATASOURCE_REACTIVE_URL", matches = ".+")
class DatabaseOutageTest {

    private final CompletionsTopic topic = new CompletionsTopic();

    @Inject
    ConsumerConfig config;

    @AfterEach
    void tearDown() {
        DatabaseProxy.current().restore();
        topic.close();
    }

    @Test
    void completionsWaitOutADatabaseOutageAndAreAllStoredOnceItIsBack() {
        String model = TestCompletion.uniqueModel("outage");
        Completion before = TestCompletion.of(model).build();
        topic.publish(before);
        awaitStored(before.jobId());

        DatabaseProxy.current().cut();
        List<Completion> during = List.of(TestCompletion.of(model).build(), TestCompletion.of(model).build(),
                TestCompletion.of(model).build());
        during.forEach(topic::publish);

        // Longer than the tries a record gets before it is dead-lettered when the database is up.
        await().atMost(WAIT).until(() -> failedTries() > config.maxAttempts());
        given().get("/api/metrics/usage/{id}", before.jobId()).then()
                .statusCode(503)
                .body("error.type", is("api_error"));

        DatabaseProxy.current().restore();
        during.forEach(completion -> awaitStored(completion.jobId()));
        await().atMost(WAIT).until(() -> consumerData() == null);

        assertThat(given().queryParam("model", model).get("/api/metrics/usage").then().statusCode(200)
                .extract().jsonPath().getLong("total")).isEqualTo(4);
        assertThat(during).allSatisfy(completion -> assertThat(topic.deadLetters(completion.jobId())).isEmpty());
    }

    private static int failedTries() {
        Map<String, Object> data = consumerData();
        return data == null ? 0 : ((Number) data.get("failed_tries")).intValue();
    }

    /** What the liveness check says of a paused consumer (since when, how many tries), or null; it stays live throughout. */
    private static Map<String, Object> consumerData() {
        JsonPath health = given().get("/q/health/live").then().statusCode(200).extract().jsonPath();
        return health.getMap("checks.find { it.name == 'llm.completions consumer' }.data");
    }
}
