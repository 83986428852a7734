package dev.switchboard.gateway.metrics.rest;

import dev.switchboard.gateway.api.Downstream;
import dev.switchboard.gateway.metrics.MetricsService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/** Usage, served by metrics-service; see its API in the README. */
@Path("/api/metrics")
public class MetricsResource {

    private static final String SERVICE = "metrics-service";

    private final MetricsService metrics;

    public MetricsResource(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("/summary")
    public Uni<Response> summary(@Context UriInfo uri) {
        return relay(metrics.summary(uri.getQueryParameters()));
    }

    @GET
    @Path("/timeseries")
    public Uni<Response> timeseries(@Context UriInfo uri) {
        return relay(metrics.timeseries(uri.getQueryParameters()));
    }

    @GET
    @Path("/usage")
    public Uni<Response> usage(@Context UriInfo uri) {
        return relay(metrics.usage(uri.getQueryParameters()));
    }

    @GET
    @Path("/usage/{jobId}")
    public Uni<Response> usageOf(@RestPath String jobId) {
        return relay(metrics.usageOf(jobId));
    }

    private static Uni<Response> relay(Uni<Response> call) {
        return Downstream.relay(SERVICE, call);
    }
}
