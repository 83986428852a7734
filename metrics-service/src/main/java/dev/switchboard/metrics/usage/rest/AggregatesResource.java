package dev.switchboard.metrics.usage.rest;

import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.SeriesFilter;
import dev.switchboard.metrics.usage.TimeRange;
import dev.switchboard.metrics.usage.service.UsageReports;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;

/** Usage summed up over a time range: by group, or bucket by bucket. */
@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "usage aggregates")
public class AggregatesResource {

    private static final String FROM = "Start of the range, inclusive: ISO-8601 such as 2025-01-31T12:00:00Z, or a "
            + "UTC date. Defaults to 24 hours before to.";
    private static final String TO = "End of the range, exclusive: ISO-8601 or a UTC date. Defaults to now.";
    static final String API_KEY = "Only the records of this API key (its id); the gateway sets it for a caller with a key";

    private final UsageReports reports;

    public AggregatesResource(UsageReports reports) {
        this.reports = reports;
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Requests, statuses, tokens and latency percentiles, overall or per group")
    public Uni<SummaryResponse> summary(
            @RestQuery @Parameter(description = FROM) String from,
            @RestQuery @Parameter(description = TO) String to,
            @RestQuery("group_by") @Parameter(description = "model, pool, client_kind, api_key or day (UTC); absent for one "
                    + "overall group keyed 'all'") String groupBy,
            @RestQuery("api_key") @Parameter(description = API_KEY) String apiKey) {
        TimeRange range = QueryParams.range(from, to, Instant.now());
        GroupBy grouping = QueryParams.groupBy(groupBy);
        return reports.summary(range, grouping, QueryParams.text(apiKey)).map(groups -> new SummaryResponse(range.from(), range.to(),
                grouping == null ? null : grouping.wireName(), groups));
    }

    @GET
    @Path("/timeseries")
    @Operation(summary = "Requests, errors, tokens and medians per minute, hour or day (UTC), empty buckets included")
    public Uni<TimeseriesResponse> timeseries(
            @RestQuery @Parameter(description = FROM) String from,
            @RestQuery @Parameter(description = TO) String to,
            @RestQuery @Parameter(description = "minute, hour (the default) or day; at most 10000 buckets") String bucket,
            @RestQuery @Parameter(description = "Only this model (the one that ran)") String model,
            @RestQuery @Parameter(description = "Only this worker pool") String pool,
            @RestQuery("client_kind") @Parameter(description = "Only this client kind: claude_code, anthropic, openai, "
                    + "ollama or web") String clientKind,
            @RestQuery("api_key") @Parameter(description = API_KEY) String apiKey) {
        TimeRange range = QueryParams.range(from, to, Instant.now());
        Bucket width = QueryParams.bucket(bucket, range);
        SeriesFilter filter = new SeriesFilter(QueryParams.text(model), QueryParams.text(pool),
                QueryParams.clientKind(clientKind), QueryParams.text(apiKey));
        return reports.timeseries(range, width, filter)
                .map(points -> new TimeseriesResponse(range.from(), range.to(), width.wireName(), points));
    }
}
