package dev.switchboard.gateway.metrics;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** metrics-service's REST API; the gateway serves it to clients under the same paths. */
@RegisterRestClient(configKey = "metrics-service")
@Path("/api/metrics")
interface MetricsServiceClient {

    @GET
    @Path("/summary")
    Uni<Response> summary(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/timeseries")
    Uni<Response> timeseries(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/usage")
    Uni<Response> usage(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/usage/{jobId}")
    Uni<Response> usageOf(@RestPath String jobId);
}
