package dev.switchboard.worker.mlx.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelManagement;
import dev.switchboard.worker.core.config.WorkerConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Model management on an OpenAI-compatible server, which has none: mlx_lm.server, llama.cpp, LM
 * Studio and vLLM serve what was downloaded on their machine and have no pull or delete endpoint,
 * so those are refused, saying so. A model's details are what {@code /v1/models} and the
 * operator's patterns tell, in Ollama's {@code /api/show} shape.
 */
@ApplicationScoped
public class OpenAiCompatibleModels implements ModelManagement {

    private final ModelCatalog catalog;
    private final String baseUrl;

    public OpenAiCompatibleModels(ModelCatalog catalog, WorkerConfig worker) {
        this.catalog = catalog;
        this.baseUrl = worker.backendUrl();
    }

    @Override
    public Multi<PullProgress> pull(String model) {
        return Multi.createFrom().failure(cannot("pull", model));
    }

    @Override
    public Uni<Void> delete(String model) {
        return Uni.createFrom().failure(cannot("delete", model));
    }

    @Override
    public Uni<JsonNode> show(String model) {
        return catalog.models().map(models -> models.stream()
                .filter(info -> info.name().equals(model))
                .findFirst()
                .map(OpenAiCompatibleModels::details)
                .orElseThrow(() -> new BackendException(ErrorType.NOT_FOUND, "model '" + model + "' not found")));
    }

    private BackendException cannot(String what, String model) {
        return new BackendException(ErrorType.INVALID_REQUEST, "cannot " + what + " " + model + ": " + baseUrl
                + " is an OpenAI-compatible server (such as mlx_lm.server), which has no " + what + " API;"
                + " manage its models on its own machine (mlx_lm.server serves what huggingface-cli downloaded)");
    }

    private static JsonNode details(ModelInfo info) {
        ObjectNode show = Json.mapper().createObjectNode();
        show.put("modelfile", "").put("parameters", "").put("template", "");
        show.putObject("details").put("parent_model", "").put("format", "").put("family", "")
                .put("parameter_size", "").put("quantization_level", "");
        ObjectNode modelInfo = show.putObject("model_info");
        if (info.contextLength() != null) {
            modelInfo.put("general.architecture", "unknown").put("unknown.context_length", info.contextLength());
        }
        ArrayNode capabilities = show.putArray("capabilities").add("completion");
        for (Capability capability : info.capabilities()) {
            capabilities.add(capability.wireName());
        }
        return show;
    }
}
