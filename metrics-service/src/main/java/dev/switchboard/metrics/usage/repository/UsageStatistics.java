package dev.switchboard.metrics.usage.repository;

import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.Percentiles;
import dev.switchboard.metrics.usage.SeriesFilter;
import dev.switchboard.metrics.usage.StatusCounts;
import dev.switchboard.metrics.usage.SummaryGroup;
import dev.switchboard.metrics.usage.TimeRange;
import dev.switchboard.metrics.usage.TimeseriesPoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Aggregates over usage records, computed by PostgreSQL in one statement each (sums, counts and
 * {@code percentile_cont}), through the reactive client: they read many rows and return a few,
 * which is no work for entities.
 */
@ApplicationScoped
public class UsageStatistics {

    private final Pool pool;
    private final String table;

    @Inject
    public UsageStatistics(Pool pool) {
        this(pool, UsageRecordEntity.TABLE);
    }

    /** Over another table of the same shape: the benchmark measures these statements on a table of its own. */
    public UsageStatistics(Pool pool, String table) {
        this.pool = pool;
        this.table = table;
    }

    /** One group per key (by requests, most first; days in order), or one overall group when not grouped. */
    public Uni<List<SummaryGroup>> summary(TimeRange range, GroupBy groupBy) {
        return summary(range, groupBy, null);
    }

    /** The same over the records of one API key; all records when it is null. */
    public Uni<List<SummaryGroup>> summary(TimeRange range, GroupBy groupBy, String apiKeyId) {
        List<Object> arguments = new ArrayList<>(List.of(utc(range.from()), utc(range.to())));
        StringBuilder where = new StringBuilder("where finished_at >= $1 and finished_at < $2");
        narrow(where, arguments, "api_key_id", apiKeyId);
        String key = groupBy == null ? "'" + SummaryGroup.ALL + "'" : keyOf(groupBy);
        String grouping = groupBy == null ? ""
                : "group by 1 order by " + (groupBy == GroupBy.DAY ? "key" : "requests desc, key");
        String sql = """
                select %s as key,
                    count(*) as requests,
                    count(*) filter (where status = 'ok') as ok,
                    count(*) filter (where status = 'error') as error,
                    count(*) filter (where status = 'cancelled') as cancelled,
                    count(*) filter (where status = 'interrupted') as interrupted,
                    coalesce(sum(input_tokens), 0) as input_tokens,
                    coalesce(sum(cached_input_tokens), 0) as cached_input_tokens,
                    coalesce(sum(output_tokens), 0) as output_tokens,
                    percentile_cont(array[0.5, 0.95]) within group (order by ttft_ms) as ttft_ms,
                    percentile_cont(array[0.5, 0.95]) within group (order by output_tokens_per_second) as tps,
                    percentile_cont(array[0.5, 0.95]) within group (order by queue_wait_ms) as queue_wait_ms
                from %s
                %s
                %s""".formatted(key, table, where, grouping);
        return pool.preparedQuery(sql).execute(Tuple.from(arguments))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(UsageStatistics::summaryGroup).toList());
    }

    /** The buckets of the range that hold records, oldest first; empty buckets are left out. */
    public Uni<List<TimeseriesPoint>> timeseries(TimeRange range, Bucket bucket, SeriesFilter filter) {
        List<Object> arguments = new ArrayList<>(List.of(utc(range.from()), utc(range.to())));
        StringBuilder where = new StringBuilder("where finished_at >= $1 and finished_at < $2");
        narrow(where, arguments, "model", filter.model());
        narrow(where, arguments, "pool", filter.pool());
        narrow(where, arguments, "client_kind", filter.clientKind());
        narrow(where, arguments, "api_key_id", filter.apiKeyId());
        String sql = """
                select date_trunc('%s', finished_at, 'UTC') as start,
                    count(*) as requests,
                    count(*) filter (where status <> 'ok') as errors,
                    coalesce(sum(input_tokens), 0) as input_tokens,
                    coalesce(sum(output_tokens), 0) as output_tokens,
                    percentile_cont(0.5) within group (order by ttft_ms) as ttft_ms_p50,
                    percentile_cont(0.5) within group (order by output_tokens_per_second) as tps_p50
                from %s
                %s
                group by 1 order by 1""".formatted(bucket.wireName(), table, where);
        return pool.preparedQuery(sql).execute(Tuple.from(arguments))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new TimeseriesPoint(
                        row.getOffsetDateTime("start").toInstant(),
                        row.getLong("requests"),
                        row.getLong("errors"),
                        row.getLong("input_tokens"),
                        row.getLong("output_tokens"),
                        row.getDouble("ttft_ms_p50"),
                        row.getDouble("tps_p50"))).toList());
    }

    /**
     * The SQL of each grouping key: a fixed set, never text from a request. The model is never
     * null, but grouping by the bare column lets the planner walk the (model, finished_at) index
     * over the whole range, fetching rows in random order: over a year of records that takes twice
     * as long as scanning the table and sorting.
     */
    private static String keyOf(GroupBy groupBy) {
        return switch (groupBy) {
            case MODEL -> "coalesce(model, 'unknown')";
            case POOL -> "coalesce(pool, 'unknown')";
            case CLIENT_KIND -> "coalesce(client_kind, 'unknown')";
            case API_KEY -> "coalesce(api_key_id, 'none')";
            case DAY -> "to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD')";
        };
    }

    private static void narrow(StringBuilder where, List<Object> arguments, String column, String value) {
        if (value != null) {
            arguments.add(value);
            where.append(" and ").append(column).append(" = $").append(arguments.size());
        }
    }

    private static SummaryGroup summaryGroup(Row row) {
        long requests = row.getLong("requests");
        long ok = row.getLong("ok");
        return new SummaryGroup(
                row.getString("key"),
                requests,
                requests - ok,
                new StatusCounts(ok, row.getLong("error"), row.getLong("cancelled"), row.getLong("interrupted")),
                row.getLong("input_tokens"),
                row.getLong("cached_input_tokens"),
                row.getLong("output_tokens"),
                percentiles(row.getArrayOfDoubles("ttft_ms")),
                percentiles(row.getArrayOfDoubles("tps")),
                percentiles(row.getArrayOfDoubles("queue_wait_ms")));
    }

    private static Percentiles percentiles(Double[] values) {
        return values == null ? Percentiles.NONE : new Percentiles(values[0], values[1]);
    }

    /** The client binds {@code timestamptz} from an offset date-time. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
