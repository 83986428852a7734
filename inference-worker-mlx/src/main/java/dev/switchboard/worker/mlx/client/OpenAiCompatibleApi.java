package dev.switchboard.worker.mlx.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The request/response endpoints of an OpenAI-compatible server that this worker uses; the chat
 * stream goes through worker-core's {@code BackendStream}. {@code authorization} is left out when null.
 */
@RegisterRestClient(configKey = "openai")
interface OpenAiCompatibleApi {

    /**
     * mlx_lm.server and llama.cpp answer {@code {"status": "ok"}} (llama.cpp 503 while it loads the
     * model), vLLM an empty 200; LM Studio has no such endpoint (404).
     */
    @GET
    @Path("/health")
    @Produces(MediaType.WILDCARD)
    Uni<String> health(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @GET
    @Path("/v1/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
