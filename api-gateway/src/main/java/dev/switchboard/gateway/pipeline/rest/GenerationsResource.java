package dev.switchboard.gateway.pipeline.rest;

import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.pipeline.Replays;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/**
 * The resumable generations of a conversation that are still running or kept, so that another tab
 * or device can find one and re-attach to it ({@code GET /api/chat/{id}/stream}).
 */
@Path("/api/chat")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationsResource {

    private final Replays replays;

    public GenerationsResource(Replays replays) {
        this.replays = replays;
    }

    @GET
    public Uni<Map<String, Object>> list(@RestQuery("conversation_id") String conversationId) {
        if (conversationId == null || conversationId.isBlank()) {
            throw GatewayError.invalidRequest("give the conversation as ?conversation_id=…");
        }
        return replays.ofConversation(conversationId.strip()).map(found -> Map.of(
                "conversation_id", conversationId.strip(),
                "generations", found.stream().map(generation -> Map.of(
                        "id", generation.id(),
                        "state", generation.state(),
                        "started_at", generation.startedAt().toString())).toList()));
    }
}
