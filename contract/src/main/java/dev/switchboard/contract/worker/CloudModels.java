package dev.switchboard.contract.worker;

import java.util.Locale;

/**
 * Ollama's cloud models run on ollama.com, not on the user's machine. Ollama names them with a
 * {@code cloud} tag ({@code gpt-oss:20b:cloud}, {@code glm-4.6:cloud}) or a tag ending in
 * {@code -cloud} ({@code gpt-oss:120b-cloud}). The gateway refuses them by name before routing and
 * the Ollama worker refuses them again before calling its backend, so that nothing leaves the
 * machine unless the operator allowed it.
 */
public final class CloudModels {

    /** The worker setting that allows them, and its environment variable. */
    public static final String ALLOW_SETTING = "switchboard.worker.allow-cloud-models";
    public static final String ALLOW_VARIABLE = "SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS";

    private CloudModels() {
    }

    /** True when the name alone says the model runs in Ollama's cloud. */
    public static boolean isCloudName(String model) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        return name.endsWith(":cloud") || name.endsWith("-cloud");
    }

    /** Why a cloud model is refused, naming the setting that allows it. */
    public static String refusal(String model) {
        return "model '" + model + "' runs on Ollama's cloud, not on this machine, and cloud models are turned off; set "
                + ALLOW_SETTING + "=true (" + ALLOW_VARIABLE + "=true) on the Ollama worker to allow them";
    }
}
