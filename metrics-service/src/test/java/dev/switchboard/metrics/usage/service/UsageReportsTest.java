package dev.switchboard.metrics.usage.service;

import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.TimeRange;
import dev.switchboard.metrics.usage.TimeseriesPoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UsageReportsTest {

    @Test
    void aTimeSeriesHasAPointForEveryBucketEmptyOnesIncluded() {
        TimeRange range = new TimeRange(Instant.parse("2025-01-01T10:30:00Z"), Instant.parse("2025-01-01T14:00:00Z"));
        TimeseriesPoint eleven = new TimeseriesPoint(Instant.parse("2025-01-01T11:00:00Z"), 3, 1, 30, 12, 150.0, 20.0);
        TimeseriesPoint thirteen = new TimeseriesPoint(Instant.parse("2025-01-01T13:00:00Z"), 1, 0, 5, 5, null, null);

        assertThat(UsageReports.withEmptyBuckets(range, Bucket.HOUR, List.of(eleven, thirteen))).containsExactly(
                TimeseriesPoint.empty(Instant.parse("2025-01-01T10:00:00Z")),
                eleven,
                TimeseriesPoint.empty(Instant.parse("2025-01-01T12:00:00Z")),
                thirteen);
    }
}
