package dev.switchboard.gateway.pipeline.rest;

import dev.switchboard.gateway.pipeline.GenerationIds;
import dev.switchboard.gateway.pipeline.Cancels;
import io.smallrye.mutiny.Uni;
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

    public CancelResource(Cancels cancels) {
        this.cancels = cancels;
    }

    @POST
    @Path("/{id}")
    public Uni<Map<String, Object>> cancel(@RestPath String id) {
        GenerationIds.require(id);
        return cancels.cancel(id).map(started -> Map.of(
                "id", id,
                "cancelled", true,
                "state", started ? "running" : "not_started"));
    }
}
