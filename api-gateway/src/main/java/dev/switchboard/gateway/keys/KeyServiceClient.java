package dev.switchboard.gateway.keys;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;

/** session-service's key API, which owns the keys. */
@RegisterRestClient(configKey = "session-service")
@Path("/api/keys")
interface KeyServiceClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(byte[] body);

    @GET
    Uni<Response> list();

    @GET
    @Path("/mirror")
    Uni<Response> mirror();

    @GET
    @Path("/{id}")
    Uni<Response> get(@RestPath String id);

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> update(@RestPath String id, byte[] body);

    @DELETE
    @Path("/{id}")
    Uni<Response> revoke(@RestPath String id);
}
