package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.ollama.config.CloudModelsConfig;

import java.util.Locale;

/**
 * Ollama's cloud models run on ollama.com. Ollama names them with a {@code cloud} tag
 * ({@code gpt-oss:20b:cloud}, {@code glm-4.6:cloud}) or a tag ending in {@code -cloud}
 * ({@code gpt-oss:120b-cloud}); a model created from one carries a {@code remote_host} instead.
 */
public final class CloudModels {

    private CloudModels() {
    }

    /** True when the name alone says the model runs in Ollama's cloud. */
    public static boolean isCloudName(String model) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        return name.endsWith(":cloud") || name.endsWith("-cloud");
    }

    /** Why a cloud model was not called; the message names the setting that allows it. */
    public static BackendException refused(String model) {
        return new BackendException(ErrorType.INVALID_REQUEST, "model '" + model
                + "' runs on Ollama's cloud, not on this machine, and cloud models are turned off; set "
                + CloudModelsConfig.ALLOW_KEY + "=true (SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS) on the worker to allow them");
    }
}
