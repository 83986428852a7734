package dev.switchboard.metrics.usage.rest;

import dev.switchboard.contract.error.ApiError;
import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.TimeRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {

    private static final Instant NOW = Instant.parse("2025-06-15T12:34:56Z");

    private static void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiError.class, error -> {
            assertThat(error.status()).isEqualTo(400);
            assertThat(error.type()).isEqualTo("invalid_request_error");
            assertThat(error.getMessage()).contains(message);
        });
    }

    @Test
    void theRangeDefaultsToTheLastDay() {
        assertThat(QueryParams.range(null, null, NOW)).isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW));
        assertThat(QueryParams.range("", " ", NOW)).isEqualTo(new TimeRange(NOW.minus(Duration.ofHours(24)), NOW));
        assertThat(QueryParams.range(null, "2025-01-02T00:00:00Z", NOW))
                .isEqualTo(new TimeRange(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-02T00:00:00Z")));
        assertThat(QueryParams.range("2025-06-15T00:00:00Z", null, NOW))
                .isEqualTo(new TimeRange(Instant.parse("2025-06-15T00:00:00Z"), NOW));
    }

    @Test
    void timesMayHaveAnyOffsetOrBeDates() {
        assertThat(QueryParams.instant("from", "2025-01-31T12:00:00+02:00")).isEqualTo(Instant.parse("2025-01-31T10:00:00Z"));
        assertThat(QueryParams.instant("from", "2025-01-31T12:00:00.250Z")).isEqualTo(Instant.parse("2025-01-31T12:00:00.250Z"));
        assertThat(QueryParams.instant("from", "2025-01-31")).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(QueryParams.instant("from", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-01-31T12:00:00", "2025-13-01", "1700000000", "2025-01-31T25:00:00Z"})
    void unreadableTimesAreRefusedWithAnExample(String value) {
        refused(() -> QueryParams.range(value, null, NOW), "from must be an ISO-8601 time");
        refused(() -> QueryParams.range(null, value, NOW), "to must be an ISO-8601 time");
    }

    @Test
    void fromMustComeBeforeTo() {
        refused(() -> QueryParams.range("2025-02-01T00:00:00Z", "2025-01-01T00:00:00Z", NOW), "must be before to");
        refused(() -> QueryParams.range("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", NOW), "must be before to");
        refused(() -> QueryParams.checkOrder(Instant.parse("2025-02-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z")),
                "must be before to");
        QueryParams.checkOrder(null, Instant.parse("2025-01-01T00:00:00Z"));
        QueryParams.checkOrder(Instant.parse("2025-01-01T00:00:00Z"), null);
    }

    @Test
    void groupByIsOneOfFiveOrAbsent() {
        assertThat(QueryParams.groupBy(null)).isNull();
        assertThat(QueryParams.groupBy("day")).isEqualTo(GroupBy.DAY);
        assertThat(QueryParams.groupBy("client_kind")).isEqualTo(GroupBy.CLIENT_KIND);
        assertThat(QueryParams.groupBy("api_key")).isEqualTo(GroupBy.API_KEY);
        refused(() -> QueryParams.groupBy("worker"), "group_by must be one of model, pool, client_kind, api_key, day");
        refused(() -> QueryParams.groupBy("Model"), "got 'Model'");
    }

    @Test
    void bucketsAreHourlyByDefaultAndAtMostTenThousand() {
        TimeRange week = new TimeRange(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-08T00:00:00Z"));
        assertThat(QueryParams.bucket(null, week)).isEqualTo(Bucket.HOUR);
        assertThat(QueryParams.bucket("day", week)).isEqualTo(Bucket.DAY);
        refused(() -> QueryParams.bucket("minute", week), "holds 10080 minute buckets, more than 10000");
        refused(() -> QueryParams.bucket("week", week), "bucket must be one of minute, hour, day");
        TimeRange almost = new TimeRange(Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofMinutes(10_000)));
        assertThat(QueryParams.bucket("minute", almost)).isEqualTo(Bucket.MINUTE);
    }

    @Test
    void clientKindsAreTheContractsWireNames() {
        assertThat(QueryParams.clientKind("claude_code")).isEqualTo("claude_code");
        assertThat(QueryParams.clientKind("")).isNull();
        refused(() -> QueryParams.clientKind("curl"), "client_kind must be one of claude_code, anthropic, openai, ollama, web");
    }

    @Test
    void pagingStartsAtZeroWithFiftyAPage() {
        assertThat(QueryParams.page(null)).isZero();
        assertThat(QueryParams.size(null)).isEqualTo(50);
        assertThat(QueryParams.page("3")).isEqualTo(3);
        assertThat(QueryParams.size("500")).isEqualTo(500);
        refused(() -> QueryParams.page("-1"), "page must be 0 or more");
        refused(() -> QueryParams.page("one"), "page must be a whole number");
        refused(() -> QueryParams.page("99999999999"), "page must be a whole number");
        refused(() -> QueryParams.size("0"), "size must be from 1 to 500");
        refused(() -> QueryParams.size("501"), "size must be from 1 to 500");
        refused(() -> QueryParams.size("2.5"), "size must be a whole number");
        refused(() -> QueryParams.checkOffset(Integer.MAX_VALUE, 2), "beyond any result");
        QueryParams.checkOffset(Integer.MAX_VALUE, 1);
    }
}
