package dev.switchboard.worker.ollama.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether Ollama's cloud models may be used. They run on ollama.com, not on this machine, so
 * Switchboard's promise of "local by default" keeps them off unless an operator opts in.
 */
@ConfigMapping(prefix = "switchboard.worker")
public interface CloudModelsConfig {

    String ALLOW_KEY = "switchboard.worker.allow-cloud-models";

    @WithDefault("false")
    boolean allowCloudModels();
}
