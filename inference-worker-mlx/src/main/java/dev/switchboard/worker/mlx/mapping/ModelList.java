package dev.switchboard.worker.mlx.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code GET /v1/models}: {@code {"object":"list","data":[{"id":…}, …]}}. Beyond the id each
 * server tells what it knows: mlx_lm.server nothing (it lists the MLX models in the Hugging Face
 * cache and the one it was started with), llama.cpp the trained context in {@code meta.n_ctx_train}
 * and what the model reads in {@code architecture.input_modalities}, vLLM the context it serves in
 * {@code max_model_len}; {@code context_length} and {@code max_context_length} are read where a
 * server uses those names.
 */
public final class ModelList {

    private ModelList() {
    }

    public static List<ModelInfo> models(JsonNode list, ModelCapabilities capabilities) {
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode model : list.path("data")) {
            String id = model.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(new ModelInfo(id, contextLength(model), capabilities.of(id, advertised(model))));
            }
        }
        return models;
    }

    private static Integer contextLength(JsonNode model) {
        for (JsonNode length : List.of(model.path("max_model_len"), model.path("meta").path("n_ctx_train"),
                model.path("context_length"), model.path("max_context_length"))) {
            if (length.canConvertToInt() && length.asInt() > 0) {
                return length.asInt();
            }
        }
        return null;
    }

    private static Set<Capability> advertised(JsonNode model) {
        Set<Capability> advertised = EnumSet.noneOf(Capability.class);
        for (JsonNode modality : model.path("architecture").path("input_modalities")) {
            if ("image".equals(modality.asText())) {
                advertised.add(Capability.VISION);
            }
        }
        return advertised;
    }
}
