package dev.switchboard.gateway.sessions.rest;

import dev.switchboard.gateway.api.Downstream;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.sessions.SessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Conversations, served by session-service; see its API in the README. A caller with an API key
 * sees only that key's conversations (another's is 404, whatever {@code api_key} it asks for); the
 * admin token and an open gateway see all, or one key's with {@code ?api_key=}.
 */
@Path("/api/sessions")
public class SessionsResource {

    private static final String SERVICE = "session-service";
    private static final String API_KEY = "api_key";

    private final SessionService sessions;

    public SessionsResource(SessionService sessions) {
        this.sessions = sessions;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body, RoutingContext ctx) {
        return relay(sessions.create(body, Caller.keyIdOf(ctx)));
    }

    @GET
    public Uni<Response> list(@Context UriInfo uri, RoutingContext ctx) {
        return relay(sessions.list(scoped(uri, ctx)));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@RestPath String id, @Context UriInfo uri, RoutingContext ctx) {
        return relay(sessions.get(id, scoped(uri, ctx).getFirst(API_KEY)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> update(@RestPath String id, byte[] body, @Context UriInfo uri, RoutingContext ctx) {
        return relay(sessions.update(id, body, scoped(uri, ctx).getFirst(API_KEY)));
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@RestPath String id, @Context UriInfo uri, RoutingContext ctx) {
        return relay(sessions.delete(id, scoped(uri, ctx).getFirst(API_KEY)));
    }

    @GET
    @Path("/{id}/export")
    public Uni<Response> export(@RestPath String id, @Context UriInfo uri, RoutingContext ctx) {
        return relay(sessions.export(id, scoped(uri, ctx)));
    }

    /** The client's query, narrowed to the caller's key when it has one (whatever key the query named). */
    private static MultivaluedMap<String, String> scoped(UriInfo uri, RoutingContext ctx) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>(uri.getQueryParameters());
        String key = Caller.keyIdOf(ctx);
        if (key != null) {
            query.putSingle(API_KEY, key);
        }
        return query;
    }

    private static Uni<Response> relay(Uni<Response> call) {
        return Downstream.relay(SERVICE, call);
    }
}
