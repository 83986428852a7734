package dev.switchboard.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How model names that clients send map to the models workers serve. */
@ConfigMapping(prefix = "switchboard.routing")
public interface RoutingConfig {

    /** The model for Claude Code's big models ({@code claude-sonnet-*}, {@code claude-opus-*}) and other {@code claude-*} names. */
    @WithDefault("qwen2.5-coder:7b")
    String defaultModel();

    /** The small, fast model for Claude Code's {@code claude-haiku-*} and {@code claude-3-5-haiku-*}. */
    @WithDefault("llama3.2:3b")
    String smallModel();

    /**
     * Explicit aliases, checked first: a client's model name, or a pattern with {@code *}, to a
     * served model. In properties: {@code switchboard.routing.aliases."gpt-4*"=qwen2.5-coder:7b}.
     */
    Map<String, String> aliases();

    /**
     * Models never listed and never reached through an alias, though served when asked for by their
     * exact name: e.g. a tiny model kept for tests. Comma-separated.
     */
    Optional<Set<String>> hiddenModels();

    /** How often the gateway reads the workers' statuses. */
    @WithDefault("1s")
    Duration registryRefresh();
}
