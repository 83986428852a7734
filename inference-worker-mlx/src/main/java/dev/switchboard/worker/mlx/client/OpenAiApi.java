package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The OpenAI-compatible API of mlx_lm.server (and llama.cpp's server, LM Studio, vLLM), as far as this worker uses it. */
@RegisterRestClient(configKey = "openai")
interface OpenAiApi {

    /** mlx_lm.server answers {"status": "ok"}. */
    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> health();
}
