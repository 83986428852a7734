package dev.switchboard.metrics.usage.rest;

import dev.switchboard.contract.error.ApiError;
import dev.switchboard.metrics.usage.UsagePage;
import dev.switchboard.metrics.usage.UsageQuery;
import dev.switchboard.metrics.usage.UsageRecord;
import dev.switchboard.metrics.usage.service.UsageReports;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;

/** The usage records themselves: one per finished job. */
@Path("/api/metrics/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "usage records")
public class UsageResource {

    private final UsageReports reports;

    public UsageResource(UsageReports reports) {
        this.reports = reports;
    }

    @GET
    @Operation(summary = "Usage records, newest first, a page at a time")
    public Uni<UsagePage> list(
            @RestQuery @Parameter(description = "Only records that finished at or after this (ISO-8601 or a UTC date)") String from,
            @RestQuery @Parameter(description = "Only records that finished before this (ISO-8601 or a UTC date)") String to,
            @RestQuery @Parameter(description = "Only this model (the one that ran)") String model,
            @RestQuery("conversation_id") @Parameter(description = "Only this conversation") String conversationId,
            @RestQuery("api_key") @Parameter(description = AggregatesResource.API_KEY) String apiKey,
            @RestQuery @Parameter(description = "Page number, from 0") String page,
            @RestQuery @Parameter(description = "Records per page, 1 to 500; 50 by default") String size) {
        Instant start = QueryParams.instant("from", from);
        Instant end = QueryParams.instant("to", to);
        QueryParams.checkOrder(start, end);
        int pageNumber = QueryParams.page(page);
        int pageSize = QueryParams.size(size);
        QueryParams.checkOffset(pageNumber, pageSize);
        UsageQuery query = new UsageQuery(start, end, QueryParams.text(model), QueryParams.text(conversationId),
                QueryParams.text(apiKey));
        return reports.page(query, pageNumber, pageSize);
    }

    @GET
    @Path("/{job_id}")
    @Operation(summary = "The usage record of one job")
    public Uni<UsageRecord> one(@RestPath("job_id") String jobId) {
        return reports.find(jobId).map(found -> found.orElseThrow(
                () -> ApiError.notFound("no usage record for job '" + jobId + "'; records appear once the job has finished")));
    }
}
