package dev.switchboard.metrics.usage.service;

import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.SeriesFilter;
import dev.switchboard.metrics.usage.SummaryGroup;
import dev.switchboard.metrics.usage.TimeRange;
import dev.switchboard.metrics.usage.TimeseriesPoint;
import dev.switchboard.metrics.usage.UsagePage;
import dev.switchboard.metrics.usage.UsageQuery;
import dev.switchboard.metrics.usage.UsageRecord;
import dev.switchboard.metrics.usage.repository.UsageRepository;
import dev.switchboard.metrics.usage.repository.UsageStatistics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the REST API reads: summaries, time series and the records themselves. */
@ApplicationScoped
public class UsageReports {

    private final UsageStatistics statistics;
    private final UsageRepository repository;

    public UsageReports(UsageStatistics statistics, UsageRepository repository) {
        this.statistics = statistics;
        this.repository = repository;
    }

    public Uni<List<SummaryGroup>> summary(TimeRange range, GroupBy groupBy, String apiKeyId) {
        return statistics.summary(range, groupBy, apiKeyId);
    }

    /** One point per bucket of the range, empty buckets included, so that a chart needs no gap filling. */
    public Uni<List<TimeseriesPoint>> timeseries(TimeRange range, Bucket bucket, SeriesFilter filter) {
        return statistics.timeseries(range, bucket, filter).map(points -> withEmptyBuckets(range, bucket, points));
    }

    public Uni<UsagePage> page(UsageQuery query, int page, int size) {
        return repository.page(query, page, size);
    }

    public Uni<Optional<UsageRecord>> find(String jobId) {
        return repository.findByJobId(jobId);
    }

    static List<TimeseriesPoint> withEmptyBuckets(TimeRange range, Bucket bucket, List<TimeseriesPoint> points) {
        Map<Instant, TimeseriesPoint> byStart = points.stream()
                .collect(Collectors.toMap(TimeseriesPoint::start, Function.identity()));
        return bucket.starts(range).stream()
                .map(start -> byStart.getOrDefault(start, TimeseriesPoint.empty(start)))
                .toList();
    }
}
