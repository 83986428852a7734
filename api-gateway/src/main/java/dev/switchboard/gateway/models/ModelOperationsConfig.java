package dev.switchboard.gateway.models;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the gateway waits on the workers running a model operation. */
@ConfigMapping(prefix = "switchboard.model-operations")
public interface ModelOperationsConfig {

    /**
     * How long a pull, a delete or a show may go without a word from a worker before it fails: a
     * worker that died mid-operation says nothing more. Ollama reports a pull's progress several
     * times a second, and verifying a large model's digest takes a minute or two.
     */
    @WithDefault("5m")
    Duration idleTimeout();
}
