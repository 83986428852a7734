package dev.switchboard.gateway.sessions.rest;

import dev.switchboard.gateway.api.Downstream;
import dev.switchboard.gateway.sessions.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/** Conversations, served by session-service; see its API in the README. */
@Path("/api/sessions")
public class SessionsResource {

    private static final String SERVICE = "session-service";

    private final SessionService sessions;

    public SessionsResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body) {
        return relay(sessions.create(body));
    }

    @GET
    public Uni<Response> list(@Context UriInfo uri) {
        return relay(sessions.list(uri.getQueryParameters()));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@RestPath String id) {
        return relay(sessions.get(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> update(@RestPath String id, byte[] body) {
        return relay(sessions.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath String id) {
        return relay(sessions.delete(id));
    }

    @GET
    @Path("/{id}/export")
    public Uni<Response> export(@RestPath String id, @Context UriInfo uri) {
        return relay(sessions.export(id, uri.getQueryParameters()));
    }

    private static Uni<Response> relay(Uni<Response> call) {
        return Downstream.relay(SERVICE, call);
    }
}
