package dev.switchboard.gateway.sessions;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * session-service's REST API; the gateway serves it to clients under the same paths. {@code api_key}
 * scopes a call to one API key's conversations; null leaves it out (every conversation).
 */
@RegisterRestClient(configKey = "session-service")
@Path("/api/sessions")
interface SessionServiceClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(byte[] body, @RestQuery("api_key") String apiKey);

    @GET
    Uni<Response> list(@RestQuery MultivaluedMap<String, String> query);

    @GET
    @Path("/{id}")
    Uni<Response> get(@RestPath String id, @RestQuery("api_key") String apiKey);

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> update(@RestPath String id, byte[] body, @RestQuery("api_key") String apiKey);

    @DELETE
    @Path("/{id}")
    Uni<Response> delete(@RestPath String id, @RestQuery("api_key") String apiKey);

    @GET
    @Path("/{id}/export")
    Uni<Response> export(@RestPath String id, @RestQuery MultivaluedMap<String, String> query);
}
