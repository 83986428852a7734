package dev.switchboard.gateway.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input against every endpoint of the gateway, through the real server (Vert.x routes,
 * Quarkus REST, the real Kafka and Redis): broken JSON, wrong types, huge and deeply nested
 * bodies, bytes that are not UTF-8, impossible conversations, wrong content types and methods,
 * bodies over the limit, uploads that trickle or stop. Each request of the corpus
 * ({@code src/test/resources/hostile/*.json}, see {@link HostileCorpus}) must get the 4xx it
 * names in its protocol's error shape (Anthropic's, OpenAI's or Ollama's), never a 5xx nor silence; meanwhile ordinary clients keep
 * sending valid requests, and every one of those must be served; and the server must log no
 * unexpected failure.
 */
@QuarkusTest
@TestProfile(HostileInputTest.ShortQueueWait.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

    /** A request that gets past validation waits for no worker for long: the corpus stays fast even when a case fails. */
    public static class ShortQueueWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.gateway.queue-wait", "2s",
                    "switchboard.gateway.stream-start-after", "500ms");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The gateway's endpoints; each must be the target of some case. */
    private static final List<String> ENDPOINTS = List.of(
            "POST /v1/messages", "POST /v1/messages?beta=true", "POST /v1/messages/count_tokens",
            "POST /v1/messages/count_tokens?beta=true", "GET /v1/models", "GET /v1/models/",
            "GET /api/models/servers", "GET /api/models/server/models", "POST /api/chat/cancel/",
            "/api/sessions", "/api/metrics/", "/",
            "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/embeddings", "POST /v1/responses",
            "POST /api/chat", "POST /api/generate", "POST /api/show", "POST /api/embed");
    private static final int MIN_CASES = 100;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ReactiveRedisDataSource redis;

    /** Reports a status only: enough for the router to send a model to a pool; no job is ever taken. */
    private final String workerId = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private final String routableModel = "hostile-model-" + UUID.randomUUID().toString().substring(0, 8);
    private RawHttp http;
    private List<HostileCase> cases;
    private ServerLog serverLog;
    private NormalTraffic traffic;

    @BeforeAll
    void start() {
        WorkerStatus status = new WorkerStatus(SchemaVersion.CURRENT, workerId, workerId, "fake", "http://127.0.0.1:1", true,
                List.of(new ModelInfo(routableModel, 32768, Set.of(Capability.TOOLS))), 0, 4, Instant.now());
        redis.value(String.class).setex(RedisKeys.workerStatus(workerId), 300, Codec.WORKER_STATUS.encodeToString(status))
                .await().atMost(Duration.ofSeconds(10));
        http = new RawHttp(base, TIMEOUT);
        RawHttp.Request models = new RawHttp.Request("GET", "/v1/models?limit=1000", Map.of(), RequestBody.NONE, new Delivery.Whole());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RawHttp.Response response = http.exchange(models).response();
            return response != null && response.text().contains(routableModel);
        });
        cases = new HostileCorpus(Map.of("routableModel", routableModel)).load();
        serverLog = new ServerLog();
        traffic = new NormalTraffic(http);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (traffic != null) {
            traffic.close();
        }
        if (serverLog != null) {
            serverLog.close();
        }
        redis.key(String.class).del(RedisKeys.workerStatus(workerId)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    @Order(0)
    void theCorpusHoldsAtLeastAHundredRequestsAndReachesEveryEndpoint() {
        Map<String, Long> byFamily = cases.stream().collect(Collectors.groupingBy(HostileCase::family, TreeMap::new, Collectors.counting()));
        Set<String> names = cases.stream().map(c -> c.file() + " " + c.name()).collect(Collectors.toSet());
        Set<String> requests = cases.stream().map(c -> c.name() + " " + c.method() + " " + c.target()).collect(Collectors.toSet());
        System.out.printf("hostile corpus: %d requests, %d cases, by family %s%n", cases.size(), names.size(), byFamily);

        assertThat(names).as("distinct cases").hasSizeGreaterThanOrEqualTo(MIN_CASES);
        assertThat(requests).as("no request twice").hasSize(cases.size());
        for (String endpoint : ENDPOINTS) {
            assertThat(cases).as("cases against " + endpoint)
                    .anyMatch(c -> (c.method() + " " + c.target()).startsWith(endpoint) || c.target().startsWith(endpoint));
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyHostileRequestGetsItsFourHundredInItsProtocolsErrorShape() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> {
            serverLog.during(c.displayName());
            run(c);
        }));
    }

    @Test
    @Order(2)
    void normalRequestsWereServedAllAlong() throws InterruptedException {
        traffic.close();
        System.out.printf("normal traffic: %d requests served, slowest %d ms%n", traffic.served(), traffic.slowest().toMillis());

        assertThat(traffic.failures()).as("valid requests that failed while the corpus ran").isEmpty();
        assertThat(traffic.served()).as("valid requests served while the corpus ran").isGreaterThanOrEqualTo(50);
    }

    @Test
    @Order(3)
    void theServerLoggedNoUnexpectedFailure() {
        assertThat(serverLog.failures()).as("failures the gateway logged while the corpus ran").isEmpty();
    }

    private void run(HostileCase c) {
        if (c.delivery() instanceof Delivery.Cut) {
            List<String> meanwhile = new ArrayList<>();
            List<RawHttp.Outcome> outcomes = http.abandon(c.request(),
                    () -> NormalTraffic.sendOne(http).ifPresent(meanwhile::add));
            assertThat(meanwhile).as("a valid request while %d connection(s) hung mid-request", outcomes.size()).isEmpty();
            // The server may answer a request it will never get whole; if it does, with a proper 4xx.
            outcomes.stream().filter(outcome -> outcome.response() != null).forEach(outcome -> check(c, outcome.response()));
            return;
        }
        int servedBefore = traffic.served();
        RawHttp.Outcome outcome = http.exchange(c.request());
        if (!c.errorBody()) {
            // Refused by the HTTP codec: a bare 4xx, or the connection closed; never a 5xx.
            if (outcome.response() != null) {
                assertThat(outcome.response().status()).as("status; %s\n  sent: %s", c.displayName(), c.describe()).isIn(c.expected().keySet());
            }
            return;
        }
        assertThat(outcome.response()).as("%s\n  sent: %s\n  got nothing: %s", c.displayName(), c.describe(), outcome.failure()).isNotNull();
        check(c, outcome.response());
        if (c.delivery() instanceof Delivery.Trickle) {
            assertThat(traffic.served()).as("valid requests served while %s trickled in for %d ms", c.name(), outcome.took().toMillis())
                    .isGreaterThan(servedBefore);
        }
    }

    private static void check(HostileCase c, RawHttp.Response response) {
        String context = "%s\n  sent: %s\n  got:  %d %s %s".formatted(c.displayName(), c.describe(), response.status(),
                response.headers(), HostileCase.abbreviate(response.text(), 600));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(response.status()).as("status; " + context).isIn(c.expected().keySet());
        soft.assertThat(response.header("content-type")).as("content type; " + context).isNotNull().contains("application/json");
        soft.assertThat(response.body().length).as("error body size; " + context).isLessThanOrEqualTo(c.maxBodyBytes());
        Optional<JsonNode> body = json(response);
        soft.assertThat(body).as("JSON body; " + context).isPresent();
        body.ifPresent(json -> {
            switch (c.shape()) {
                case ANTHROPIC -> anthropic(c, json, response, context, soft);
                case OPENAI -> openAi(c, json, context, soft);
                case OLLAMA -> ollama(c, json, context, soft);
            }
        });
        soft.assertAll();
    }

    private static void anthropic(HostileCase c, JsonNode json, RawHttp.Response response, String context, SoftAssertions soft) {
        soft.assertThat(json.path("type").asText()).as("type; " + context).isEqualTo("error");
        String expectedType = c.expected().getOrDefault(response.status(), c.expected().values().iterator().next());
        soft.assertThat(json.path("error").path("type").asText()).as("error.type; " + context).isEqualTo(expectedType);
        message(c, json.path("error").path("message").asText(""), context, soft);
        if (c.requestId()) {
            soft.assertThat(response.header("request-id")).as("request-id header; " + context).isNotBlank();
            if (json.has("request_id")) {
                soft.assertThat(json.get("request_id").asText()).as("request_id; " + context).isEqualTo(response.header("request-id"));
            }
        }
    }

    /** {@code {"error":{"message","type","param","code"}}}, all four fields present. */
    private static void openAi(HostileCase c, JsonNode json, String context, SoftAssertions soft) {
        JsonNode error = json.path("error");
        soft.assertThat(error.path("type").asText()).as("error.type; " + context).isEqualTo(c.expected().values().iterator().next());
        soft.assertThat(error.has("param") && error.has("code")).as("error.param and error.code present; " + context).isTrue();
        message(c, error.path("message").asText(""), context, soft);
    }

    /** {@code {"error":"…"}} and nothing else. */
    private static void ollama(HostileCase c, JsonNode json, String context, SoftAssertions soft) {
        soft.assertThat(json.path("error").isTextual()).as("error is a string; " + context).isTrue();
        soft.assertThat(json.size()).as("only the error; " + context).isEqualTo(1);
        message(c, json.path("error").asText(""), context, soft);
    }

    private static void message(HostileCase c, String message, String context, SoftAssertions soft) {
        soft.assertThat(message).as("error message; " + context).isNotBlank();
        for (String fragment : c.messageContains()) {
            soft.assertThat(message).as("error message; " + context).containsIgnoringCase(fragment);
        }
    }

    private static Optional<JsonNode> json(RawHttp.Response response) {
        try {
            JsonNode node = MAPPER.readTree(response.body());
            return node == null || !node.isObject() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
