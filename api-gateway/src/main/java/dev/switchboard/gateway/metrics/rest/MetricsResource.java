package dev.switchboard.gateway.metrics.rest;

import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.api.ApiExceptionMappers;
import dev.switchboard.gateway.api.Downstream;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.metrics.MetricsService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

import java.io.IOException;

/**
 * Usage, served by metrics-service; see its API in the README. A caller with an API key sees the
 * usage of that key only: its key narrows every query, and another key's record reads as absent.
 */
@Path("/api/metrics")
public class MetricsResource {

    private static final String SERVICE = "metrics-service";

    private final MetricsService metrics;

    public MetricsResource(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GET
    @Path("/summary")
    public Uni<Response> summary(@Context UriInfo uri, RoutingContext ctx) {
        return relay(metrics.summary(scoped(uri, ctx)));
    }

    @GET
    @Path("/timeseries")
    public Uni<Response> timeseries(@Context UriInfo uri, RoutingContext ctx) {
        return relay(metrics.timeseries(scoped(uri, ctx)));
    }

    @GET
    @Path("/usage")
    public Uni<Response> usage(@Context UriInfo uri, RoutingContext ctx) {
        return relay(metrics.usage(scoped(uri, ctx)));
    }

    @GET
    @Path("/usage/{jobId}")
    public Uni<Response> usageOf(@RestPath String jobId, RoutingContext ctx) {
        String key = Caller.keyIdOf(ctx);
        return relay(metrics.usageOf(jobId)).map(answer -> key == null || answer.getStatus() != 200 || key.equals(apiKeyOf(answer))
                ? answer
                : ApiExceptionMappers.body(404, ApiErrorType.NOT_FOUND, "no usage record for job '" + jobId + "' of this API key"));
    }

    /** The client's query, narrowed to the caller's key when it has one (whatever key the query named). */
    private static MultivaluedMap<String, String> scoped(UriInfo uri, RoutingContext ctx) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>(uri.getQueryParameters());
        String key = Caller.keyIdOf(ctx);
        if (key != null) {
            query.putSingle("api_key", key);
        }
        return query;
    }

    private static String apiKeyOf(Response answer) {
        try {
            return Json.mapper().readTree((byte[]) answer.getEntity()).path("api_key_id").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Uni<Response> relay(Uni<Response> call) {
        return Downstream.relay(SERVICE, call);
    }
}
