package dev.switchboard.metrics.usage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketTest {

    private static TimeRange range(String from, String to) {
        return new TimeRange(Instant.parse(from), Instant.parse(to));
    }

    @ParameterizedTest
    @CsvSource({
            "minute, 2025-01-01T10:00:00Z, 2025-01-01T10:10:00Z, 10",
            "minute, 2025-01-01T10:00:30Z, 2025-01-01T10:10:00Z, 10",
            "minute, 2025-01-01T10:00:30Z, 2025-01-01T10:10:01Z, 11",
            "hour,   2025-01-01T10:59:59Z, 2025-01-01T11:00:01Z, 2",
            "hour,   2025-01-01T00:00:00Z, 2025-01-02T00:00:00Z, 24",
            "day,    2025-01-01T23:00:00Z, 2025-01-02T01:00:00Z, 2",
            "day,    2024-01-01T00:00:00Z, 2025-01-01T00:00:00Z, 366",
            "minute, 2025-01-01T00:00:00Z, 2025-01-08T00:00:00Z, 10080"})
    void countsTheBucketsARangeTouches(String bucket, String from, String to, long count) {
        TimeRange range = range(from, to);
        assertThat(Bucket.fromWire(bucket).count(range)).isEqualTo(count);
        assertThat(Bucket.fromWire(bucket).starts(range)).hasSize((int) count);
    }

    @Test
    void bucketsStartOnWholeUtcUnits() {
        assertThat(Bucket.HOUR.starts(range("2025-01-01T10:59:59Z", "2025-01-01T12:00:00Z"))).containsExactly(
                Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T11:00:00Z"));
        assertThat(Bucket.DAY.truncate(Instant.parse("2025-01-01T23:59:59.999Z")))
                .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(Bucket.MINUTE.truncate(Instant.parse("2025-01-01T10:00:59.5Z")))
                .isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
    }

    @Test
    void onlyTheWireNamesAreBucketsAndGroupings() {
        assertThatThrownBy(() -> Bucket.fromWire("week")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bucket.fromWire("HOUR")).isInstanceOf(IllegalArgumentException.class);
        assertThat(GroupBy.fromWire("client_kind")).isEqualTo(GroupBy.CLIENT_KIND);
        assertThatThrownBy(() -> GroupBy.fromWire("worker")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeEndsAfterItStarts() {
        assertThatThrownBy(() -> range("2025-01-01T10:00:00Z", "2025-01-01T10:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
