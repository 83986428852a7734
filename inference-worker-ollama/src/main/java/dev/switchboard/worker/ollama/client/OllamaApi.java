package dev.switchboard.worker.ollama.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Ollama's request/response endpoints this worker uses; the chat stream goes through worker-core's {@code BackendStream}. */
@RegisterRestClient(configKey = "ollama")
interface OllamaApi {

    /** Ollama answers "Ollama is running". */
    @GET
    @Path("/")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<String> root();

    /** The models pulled: {@code {"models":[{"name":…,"model":…,"remote_host"?:…}]}}. */
    @GET
    @Path("/api/tags")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> tags();

    /** One model's details: {@code model_info}, {@code capabilities}, {@code remote_host}; 404 when it is not pulled. */
    @POST
    @Path("/api/show")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> show(JsonNode request);

    /** Removes a model: 200 with no body, 404 {@code {"error": "model 'x' not found"}}. */
    @DELETE
    @Path("/api/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> delete(JsonNode request);

    /** The models loaded now, each with the {@code context_length} it was loaded with. */
    @GET
    @Path("/api/ps")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> ps();
}
