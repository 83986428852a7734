package dev.switchboard.gateway.routing.rest;

import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.routing.BackendServers;
import dev.switchboard.gateway.routing.ModelRegistry;
import dev.switchboard.gateway.routing.ModelRouter;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * The backend servers behind the live workers: health, load and models, for dashboards and the web UI.
 * A caller with an API key sees only the models its key may use.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ServersResource {

    private final ModelRegistry registry;
    private final ModelRouter router;

    public ServersResource(ModelRegistry registry, ModelRouter router) {
        this.registry = registry;
        this.router = router;
    }

    /** Every server with a live worker in front of it. */
    @GET
    @Path("/servers")
    public Map<String, List<BackendServers.Server>> servers(RoutingContext ctx) {
        return Map.of("servers", live(Caller.of(ctx)));
    }

    /** One server's models; {@code server_url} as listed by {@code /api/models/servers}. */
    @GET
    @Path("/server/models")
    public Map<String, Object> serverModels(@QueryParam("server_url") String serverUrl, RoutingContext ctx) {
        if (serverUrl == null || serverUrl.isBlank()) {
            throw GatewayError.invalidRequest("give the server as ?server_url=…, one of the urls of GET /api/models/servers");
        }
        String url = BackendServers.normalize(serverUrl);
        List<BackendServers.Server> servers = live(Caller.of(ctx));
        BackendServers.Server server = servers.stream().filter(candidate -> candidate.url().equals(url)).findFirst()
                .orElseThrow(() -> GatewayError.notFound("no live worker uses the server '" + serverUrl + "'; known servers: "
                        + String.join(", ", servers.stream().map(BackendServers.Server::url).toList())));
        return Map.of("server_url", server.url(), "healthy", server.healthy(), "models", server.models());
    }

    private List<BackendServers.Server> live(Caller caller) {
        return BackendServers.of(registry.workers(), (model, pool) -> router.listed(model) && caller.allows(model, pool));
    }
}
