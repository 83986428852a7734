package dev.switchboard.gateway.pipeline.rest;

import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.pipeline.Cancels;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Stops a generation: the stop button of a client that cannot just hang up, e.g. a web page whose
 * stream runs through another gateway instance. The id is the message id of {@code message_start}
 * and of the {@code switchboard-message-id} header.
 */
@Path("/api/chat/cancel")
@Produces(MediaType.APPLICATION_JSON)
public class CancelResource {

    private static final Pattern MESSAGE_ID = Pattern.compile("msg_[A-Za-z0-9_-]{1,100}");

    private final Cancels cancels;

    public CancelResource(Cancels cancels) {
        this.cancels = cancels;
    }

    @POST
    @Path("/{id}")
    public Uni<Map<String, Object>> cancel(@RestPath String id) {
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw GatewayError.invalidRequest("'" + id + "' is not a message id; give the id of message_start "
                    + "or of the switchboard-message-id header (msg_…)");
        }
        return cancels.cancel(id).map(started -> Map.of(
                "id", id,
                "cancelled", true,
                "state", started ? "running" : "not_started"));
    }
}
