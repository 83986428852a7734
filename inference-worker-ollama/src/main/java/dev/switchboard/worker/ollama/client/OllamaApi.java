package dev.switchboard.worker.ollama.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Ollama's HTTP API, as far as this worker uses it. */
@RegisterRestClient(configKey = "ollama")
interface OllamaApi {

    /** Ollama answers "Ollama is running". */
    @GET
    @Path("/")
    @Produces(MediaType.TEXT_PLAIN)
    Uni<String> root();
}
