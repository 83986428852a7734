package dev.switchboard.worker.mlx.config;

import dev.switchboard.worker.mlx.mapping.ModelCapabilities;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** The operator's model patterns, compiled once. */
@Singleton
public class CapabilitiesProducer {

    @Produces
    @Singleton
    ModelCapabilities capabilities(OpenAiConfig config) {
        return new ModelCapabilities(config.thinkingModels().orElse(List.of()), config.visionModels().orElse(List.of()));
    }
}
