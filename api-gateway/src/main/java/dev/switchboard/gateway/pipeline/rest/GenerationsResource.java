package dev.switchboard.gateway.pipeline.rest;

import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.pipeline.Replays;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.keys.JobOwners;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/**
 * The resumable generations of a conversation that are still running or kept, so that another tab
 * or device can find one and re-attach to it ({@code GET /api/chat/{id}/stream}); with API keys,
 * only those the caller's key started.
 */
@Path("/api/chat")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationsResource {

    private final Replays replays;
    private final JobOwners owners;

    public GenerationsResource(Replays replays, JobOwners owners) {
        this.replays = replays;
        this.owners = owners;
    }

    @GET
    public Uni<Map<String, Object>> list(@RestQuery("conversation_id") String conversationId, RoutingContext ctx) {
        if (conversationId == null || conversationId.isBlank()) {
            throw GatewayError.invalidRequest("give the conversation as ?conversation_id=…");
        }
        Caller caller = Caller.of(ctx);
        return replays.ofConversation(conversationId.strip())
                .chain(all -> owners.visible(caller, all.stream().map(generation -> generation.id()).toList())
                        .map(visible -> all.stream().filter(generation -> visible.contains(generation.id())).toList()))
                .map(found -> Map.of(
                        "conversation_id", conversationId.strip(),
                        "generations", found.stream().map(generation -> Map.of(
                                "id", generation.id(),
                                "state", generation.state(),
                                "started_at", generation.startedAt().toString())).toList()));
    }
}
