package dev.switchboard.metrics.usage;

import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.job.ClientKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.switchboard.metrics.usage.UsageApi.awaitStored;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The REST API over usage that came through the real Kafka topic. Each test works in a time window
 * of its own, months back, and with models of its own, so that other tests' records do not count.
 */
@QuarkusTest
class UsageApiTest {

    private final CompletionsTopic topic = new CompletionsTopic();

    @AfterEach
    void tearDown() {
        topic.close();
    }

    /** The start of a ten-minute window on a whole hour, 30 to 300 days back, within one UTC day. */
    private static Instant privateWindow() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS)
                .minus(Duration.ofDays(ThreadLocalRandom.current().nextLong(30, 300)))
                .plus(Duration.ofHours(ThreadLocalRandom.current().nextLong(0, 23)));
    }

    private void publishAndAwait(List<Completion> completions) {
        completions.forEach(topic::publish);
        completions.forEach(completion -> awaitStored(completion.jobId()));
    }

    private static JsonPath ok(String path, Map<String, ?> query) {
        return given().queryParams(query).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSummaryAddsUpKnownCompletions() {
        Instant window = privateWindow();
        String model = TestCompletion.uniqueModel("summary");
        String other = TestCompletion.uniqueModel("summary-other");
        publishAndAwait(List.of(
                TestCompletion.of(model).finishedAt(window.plusSeconds(60)).tokens(100, 40, 11).timings(10, 100L, 1100).build(),
                TestCompletion.of(model).finishedAt(window.plusSeconds(120)).tokens(200, 0, 21).timings(20, 200L, 1200).build(),
                TestCompletion.of(model).finishedAt(window.plusSeconds(180)).tokens(300, 0, 31).timings(30, 300L, 1300).build(),
                TestCompletion.of(model).finishedAt(window.plusSeconds(240)).tokens(400, 0, 0).timings(40, null, 50)
                        .failed(CompletionStatus.ERROR, ErrorType.OVERLOADED).build(),
                TestCompletion.of(other).finishedAt(window.plusSeconds(300)).tokens(7, 0, 3).timings(5, 50L, 500)
                        .pool("other-pool").clientKind(ClientKind.WEB).apiKey("key_summary")
                        .failed(CompletionStatus.CANCELLED, ErrorType.CANCELLED).build()));
        Map<String, String> range = Map.of("from", window.toString(), "to", window.plus(Duration.ofMinutes(10)).toString());

        JsonPath byModel = ok("/api/metrics/summary", with(range, "group_by", "model"));
        assertThat(byModel.getString("from")).isEqualTo(window.toString());
        assertThat(byModel.getString("group_by")).isEqualTo("model");
        assertThat(byModel.getList("groups.key")).containsExactly(model, other);
        assertThat(byModel.getMap("groups[0]")).containsOnlyKeys("key", "requests", "errors", "by_status", "input_tokens",
                "cached_input_tokens", "output_tokens", "ttft_ms", "output_tokens_per_second", "queue_wait_ms");
        assertThat(byModel.getLong("groups[0].requests")).isEqualTo(4);
        assertThat(byModel.getLong("groups[0].errors")).isEqualTo(1);
        assertThat(byModel.getMap("groups[0].by_status")).isEqualTo(Map.of("ok", 3, "error", 1, "cancelled", 0, "interrupted", 0));
        assertThat(byModel.getLong("groups[0].input_tokens")).isEqualTo(1000);
        assertThat(byModel.getLong("groups[0].cached_input_tokens")).isEqualTo(40);
        assertThat(byModel.getLong("groups[0].output_tokens")).isEqualTo(63);
        // percentile_cont interpolates: p95 of 100, 200, 300 is 200 + 0.9 × 100.
        assertThat(byModel.getDouble("groups[0].ttft_ms.p50")).isCloseTo(200, within(1e-3));
        assertThat(byModel.getDouble("groups[0].ttft_ms.p95")).isCloseTo(290, within(1e-3));
        assertThat(byModel.getDouble("groups[0].output_tokens_per_second.p50")).isCloseTo(20, within(1e-3));
        assertThat(byModel.getDouble("groups[0].output_tokens_per_second.p95")).isCloseTo(29, within(1e-3));
        assertThat(byModel.getDouble("groups[0].queue_wait_ms.p50")).isCloseTo(25, within(1e-3));
        assertThat(byModel.getDouble("groups[0].queue_wait_ms.p95")).isCloseTo(38.5, within(1e-3));
        assertThat(byModel.getLong("groups[1].errors")).isEqualTo(1);
        assertThat(byModel.getInt("groups[1].by_status.cancelled")).isEqualTo(1);

        JsonPath overall = ok("/api/metrics/summary", range);
        assertThat(overall.getString("group_by")).isNull();
        assertThat(overall.getList("groups.key")).containsExactly("all");
        assertThat(overall.getLong("groups[0].requests")).isEqualTo(5);
        assertThat(overall.getLong("groups[0].errors")).isEqualTo(2);
        assertThat(overall.getLong("groups[0].input_tokens")).isEqualTo(1007);

        assertThat(ok("/api/metrics/summary", with(range, "group_by", "pool")).getList("groups.key"))
                .containsExactly("test-pool", "other-pool");
        assertThat(ok("/api/metrics/summary", with(range, "group_by", "client_kind")).getList("groups.key"))
                .containsExactly("claude_code", "web");
        assertThat(ok("/api/metrics/summary", with(range, "group_by", "api_key")).getList("groups.key"))
                .containsExactly("none", "key_summary");
        JsonPath oneKey = ok("/api/metrics/summary", with(range, "api_key", "key_summary"));
        assertThat(oneKey.getLong("groups[0].requests")).isEqualTo(1);
        assertThat(oneKey.getLong("groups[0].input_tokens")).isEqualTo(7);
        assertThat(ok("/api/metrics/timeseries", with(range, "api_key", "key_summary")).getList("points.requests", Integer.class)
                .stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
        assertThat(ok("/api/metrics/usage", Map.of("model", other, "api_key", "key_summary")).getLong("total")).isEqualTo(1);
        assertThat(ok("/api/metrics/usage", Map.of("model", model, "api_key", "key_summary")).getLong("total")).isZero();
        JsonPath byDay = ok("/api/metrics/summary", with(range, "group_by", "day"));
        assertThat(byDay.getList("groups.key")).containsExactly(window.toString().substring(0, 10));
        assertThat(byDay.getLong("groups[0].requests")).isEqualTo(5);
    }

    @Test
    void anEmptyRangeSumsToZeroAndTheDefaultRangeIsTheLastDay() {
        Instant window = privateWindow().plus(Duration.ofMinutes(30));
        JsonPath empty = ok("/api/metrics/summary", Map.of("from", window.toString(), "to", window.plusSeconds(1).toString()));
        assertThat(empty.getLong("groups[0].requests")).isZero();
        assertThat(empty.getString("groups[0].ttft_ms.p50")).isNull();
        assertThat(ok("/api/metrics/summary", Map.of("from", window.toString(), "to", window.plusSeconds(1).toString(),
                "group_by", "model")).getList("groups")).isEmpty();

        JsonPath defaults = ok("/api/metrics/summary", Map.of());
        assertThat(Duration.between(Instant.parse(defaults.getString("from")), Instant.parse(defaults.getString("to"))))
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theTimeSeriesHasOnePointPerBucketAndHonoursItsFilters() {
        Instant window = privateWindow();
        String model = TestCompletion.uniqueModel("series");
        publishAndAwait(List.of(
                TestCompletion.of(model).finishedAt(window.plusSeconds(61)).tokens(10, 0, 11).timings(1, 100L, 1100).build(),
                TestCompletion.of(model).finishedAt(window.plusSeconds(119)).tokens(20, 0, 21).timings(1, 300L, 1300).build(),
                TestCompletion.of(model).finishedAt(window.plusSeconds(300)).tokens(30, 0, 0).timings(1, null, 10)
                        .failed(CompletionStatus.ERROR, ErrorType.BACKEND_ERROR).build()));
        Map<String, String> query = Map.of("from", window.toString(), "to", window.plus(Duration.ofMinutes(10)).toString(),
                "model", model);

        JsonPath minutes = ok("/api/metrics/timeseries", with(query, "bucket", "minute"));
        assertThat(minutes.getString("bucket")).isEqualTo("minute");
        assertThat(minutes.getList("points")).hasSize(10);
        assertThat(minutes.getMap("points[0]")).containsOnlyKeys("start", "requests", "errors", "input_tokens",
                "output_tokens", "ttft_ms_p50", "output_tokens_per_second_p50");
        assertThat(minutes.getString("points[0].start")).isEqualTo(window.toString());
        assertThat(minutes.getList("points.requests", Integer.class)).containsExactly(0, 2, 0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(minutes.getList("points.errors", Integer.class)).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(minutes.getLong("points[1].input_tokens")).isEqualTo(30);
        assertThat(minutes.getLong("points[1].output_tokens")).isEqualTo(32);
        assertThat(minutes.getDouble("points[1].ttft_ms_p50")).isCloseTo(200, within(1e-3));
        assertThat(minutes.getDouble("points[1].output_tokens_per_second_p50")).isCloseTo(15, within(1e-3));
        assertThat(minutes.getString("points[5].ttft_ms_p50")).isNull();

        JsonPath hours = ok("/api/metrics/timeseries", query);
        assertThat(hours.getString("bucket")).isEqualTo("hour");
        assertThat(hours.getList("points.requests", Integer.class)).containsExactly(3);

        assertThat(ok("/api/metrics/timeseries", with(query, "pool", "test-pool")).getList("points.requests", Integer.class))
                .containsExactly(3);
        assertThat(ok("/api/metrics/timeseries", with(query, "pool", "no-such-pool")).getList("points.requests", Integer.class))
                .containsExactly(0);
        assertThat(ok("/api/metrics/timeseries", with(query, "client_kind", "claude_code"))
                .getList("points.requests", Integer.class)).containsExactly(3);
        assertThat(ok("/api/metrics/timeseries", with(query, "client_kind", "web")).getList("points.requests", Integer.class))
                .containsExactly(0);
    }

    @Test
    void usageRecordsComeNewestFirstAPageAtATime() {
        Instant window = privateWindow();
        String model = TestCompletion.uniqueModel("paged");
        String conversation = "conv-paged-" + model;
        Completion first = TestCompletion.of(model).conversation(conversation).finishedAt(window.plusSeconds(10)).build();
        Completion second = TestCompletion.of(model).conversation(conversation).finishedAt(window.plusSeconds(20)).build();
        Completion third = TestCompletion.of(model).conversation(conversation).finishedAt(window.plusSeconds(30)).build();
        publishAndAwait(List.of(first, second, third));

        JsonPath page0 = ok("/api/metrics/usage", Map.of("conversation_id", conversation, "size", 2));
        assertThat(page0.getList("items.job_id")).containsExactly(third.jobId(), second.jobId());
        assertThat(page0.getInt("page")).isZero();
        assertThat(page0.getInt("size")).isEqualTo(2);
        assertThat(page0.getLong("total")).isEqualTo(3);
        JsonPath page1 = ok("/api/metrics/usage", Map.of("conversation_id", conversation, "size", 2, "page", 1));
        assertThat(page1.getList("items.job_id")).containsExactly(first.jobId());
        assertThat(page1.getLong("total")).isEqualTo(3);

        JsonPath between = ok("/api/metrics/usage", Map.of("model", model, "from", second.finishedAt().toString(),
                "to", third.finishedAt().toString()));
        assertThat(between.getList("items.job_id")).as("from is inclusive, to exclusive").containsExactly(second.jobId());
        assertThat(between.getInt("size")).isEqualTo(50);
        assertThat(ok("/api/metrics/usage", Map.of("model", model)).getLong("total")).isEqualTo(3);
    }

    @Test
    void anUnknownJobIsNotFound() {
        refused(given().get("/api/metrics/usage/{id}", "msg_never_was"), 404, "not_found_error")
                .body("error.message", containsString("msg_never_was"));
        refused(given().get("/api/metrics/nothing-here"), 404, "not_found_error");
    }

    @Test
    void badParametersGetA400ThatSaysWhatToFix() {
        refused(given().queryParam("from", "yesterday").get("/api/metrics/summary"), 400, "invalid_request_error")
                .body("error.message", containsString("from must be an ISO-8601 time"));
        refused(given().queryParam("from", "2025-02-01T00:00:00Z").queryParam("to", "2025-01-01T00:00:00Z")
                .get("/api/metrics/summary"), 400, "invalid_request_error")
                .body("error.message", containsString("must be before to"));
        refused(given().queryParam("group_by", "worker").get("/api/metrics/summary"), 400, "invalid_request_error")
                .body("error.message", containsString("group_by must be one of model, pool, client_kind, api_key, day"));
        refused(given().queryParam("bucket", "week").get("/api/metrics/timeseries"), 400, "invalid_request_error")
                .body("error.message", containsString("bucket must be one of minute, hour, day"));
        refused(given().queryParam("bucket", "minute").queryParam("from", "2025-01-01").queryParam("to", "2025-01-08")
                .get("/api/metrics/timeseries"), 400, "invalid_request_error")
                .body("error.message", containsString("more than 10000"));
        refused(given().queryParam("client_kind", "curl").get("/api/metrics/timeseries"), 400, "invalid_request_error");
        refused(given().queryParam("to", "soon").get("/api/metrics/timeseries"), 400, "invalid_request_error");
        refused(given().queryParam("page", "-1").get("/api/metrics/usage"), 400, "invalid_request_error");
        refused(given().queryParam("page", "two").get("/api/metrics/usage"), 400, "invalid_request_error");
        refused(given().queryParam("size", "0").get("/api/metrics/usage"), 400, "invalid_request_error");
        refused(given().queryParam("size", "100000").get("/api/metrics/usage"), 400, "invalid_request_error");
        refused(given().queryParam("from", "2025-02-01").queryParam("to", "2025-01-01").get("/api/metrics/usage"), 400,
                "invalid_request_error");
        refused(given().post("/api/metrics/summary"), 405, "invalid_request_error");
    }

    private static ValidatableResponse refused(Response response, int status, String type) {
        return response.then()
                .statusCode(status)
                .contentType("application/json")
                .body("$", aMapWithSize(2))
                .body("type", is("error"))
                .body("error", aMapWithSize(2))
                .body("error.type", is(type))
                .body("error.message", not(emptyOrNullString()));
    }

    private static Map<String, Object> with(Map<String, ?> query, String key, Object value) {
        Map<String, Object> more = new HashMap<>(query);
        more.put(key, value);
        return more;
    }
}
