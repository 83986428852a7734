package dev.switchboard.gateway.pipeline.rest;

import dev.switchboard.gateway.pipeline.GenerationIds;
import dev.switchboard.gateway.pipeline.Cancels;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.keys.JobOwners;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Map;

/**
 * Stops a generation: the stop button of a client that cannot just hang up, e.g. a web page whose
 * stream runs through another gateway instance. The id is the message id of {@code message_start}
 * and of the {@code switchboard-message-id} header.
 */
@Path("/api/chat/cancel")
@Produces(MediaType.APPLICATION_JSON)
public class CancelResource {


    private final Cancels cancels;
    private final JobOwners owners;

    public CancelResource(Cancels cancels, JobOwners owners) {
        this.cancels = cancels;
        this.owners = owners;
    }

    @POST
    @Path("/{id}")
    public Uni<Map<String, Object>> cancel(@RestPath String id, RoutingContext ctx) {
        GenerationIds.require(id);
        return owners.check(Caller.of(ctx), id).chain(() -> cancels.cancel(id)).map(started -> Map.of(
                "id", id,
                "cancelled", true,
                "state", started ? "running" : "not_started"));
    }
}
