package dev.switchboard.gateway.pipeline;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Routing over the real Kafka and Redis: pool prefixes, hidden and cloud models, the server listings. */
@QuarkusTest
@TestProfile(RoutingPipelineTest.HiddenModels.class)
class RoutingPipelineTest {

    static final String HIDDEN = "hidden-test-model";

    public static class HiddenModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.routing.hidden-models", HIDDEN,
                    "switchboard.routing.aliases.\"alias-of-hidden\"", HIDDEN);
        }
    }

    @Inject
    ReactiveRedisDataSource redis;

    private FakeWorker first;
    private FakeWorker second;
    private String model;

    @BeforeEach
    void startWorkers() {
        model = "shared-model-" + System.nanoTime();
        first = new FakeWorker(redis, List.of(model, HIDDEN));
        second = new FakeWorker(redis, List.of(model));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/api/models/servers").then().extract().path("servers.workers.id").toString().contains(second.id));
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        first.close();
        second.close();
    }

    private String body(String model) {
        return """
                {"model":"%s","max_tokens":64,"messages":[{"role":"user","content":"text"}]}""".formatted(model);
    }

    private String send(String model) {
        return given().contentType("application/json").body(body(model)).post("/v1/messages").then()
                .statusCode(200).body("content[0].text", is("Hello from the fake worker."))
                .extract().header("switchboard-message-id");
    }

    @Test
    void aPoolPrefixSendsTheJobToThatPool() {
        for (FakeWorker target : List.of(first, second, first)) {
            String jobId = send(target.pool + "/" + model);
            assertThat(target.jobs).containsKey(jobId);
            assertThat(target.jobs.get(jobId).model()).isEqualTo(model);
            assertThat((target == first ? second : first).jobs).doesNotContainKey(jobId);
        }
    }

    @Test
    void aPoolPrefixForAPoolThatDoesNotServeTheModelIsNotFound() {
        given().contentType("application/json").body(body(second.pool + "/" + HIDDEN)).post("/v1/messages").then()
                .statusCode(404).body("error.type", is("not_found_error"))
                .body("error.message", containsString("pool '" + second.pool + "' does not serve model '" + HIDDEN + "'"));
    }

    @Test
    void aHiddenModelIsServedByNameButNeverListedNorReachedByAnAlias() {
        send(HIDDEN);
        given().header("anthropic-version", "2023-06-01").get("/v1/models?limit=1000").then().statusCode(200)
                .body("data.id", hasItem(model)).body("data.id", not(hasItem(HIDDEN)));
        given().get("/api/models/servers").then().statusCode(200)
                .body("servers.models.flatten().name", not(hasItem(HIDDEN)));
        given().contentType("application/json").body(body("alias-of-hidden")).post("/v1/messages").then()
                .statusCode(404).body("error.type", is("not_found_error")).body("error.message", containsString("hidden"));
        given().contentType("application/json").body(body("no-such-model")).post("/v1/messages").then()
                .statusCode(404).body("error.message", containsString(model)).body("error.message", not(containsString(HIDDEN)));
    }

    @Test
    void aCloudModelIsForbiddenAndTheAnswerNamesTheSetting() {
        given().contentType("application/json").body(body("gpt-oss:120b-cloud")).post("/v1/messages").then()
                .statusCode(403)
                .body("type", is("error"))
                .body("error.type", is("permission_error"))
                .body("error.message", containsString("SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS=true"));
    }

    @Test
    void theServerListingShowsEachServerWithItsWorkersLoadAndModels() {
        given().get("/api/models/servers").then().statusCode(200)
                .body("servers.url", hasItem("http://127.0.0.1:9"))
                .body("servers.find { it.url == 'http://127.0.0.1:9' }.healthy", is(true))
                .body("servers.find { it.url == 'http://127.0.0.1:9' }.workers.id", hasItems(first.id, second.id))
                .body("servers.find { it.url == 'http://127.0.0.1:9' }.workers.pool", hasItems(first.pool, second.pool))
                .body("servers.find { it.url == 'http://127.0.0.1:9' }.models.name", hasItem(model))
                .body("servers.find { it.url == 'http://127.0.0.1:9' }.models[0].context_length", is(32768));
        given().queryParam("server_url", "http://127.0.0.1:9/").get("/api/models/server/models").then().statusCode(200)
                .body("server_url", is("http://127.0.0.1:9"))
                .body("models.name", hasItem(model))
                .body("models.find { it.name == '" + model + "' }.capabilities", hasItems("tools", "thinking"));
    }

    @Test
    void aServerListingForAnUnknownOrMissingServerIsAClearError() {
        given().queryParam("server_url", "http://nowhere:1").get("/api/models/server/models").then()
                .statusCode(404).body("type", is("error")).body("error.type", is("not_found_error"))
                .body("error.message", containsString("http://127.0.0.1:9"));
        given().get("/api/models/server/models").then()
                .statusCode(400).body("error.type", is("invalid_request_error")).body("error.message", containsString("server_url"));
    }
}
