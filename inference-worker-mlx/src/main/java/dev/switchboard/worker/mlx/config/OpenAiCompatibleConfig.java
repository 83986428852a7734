package dev.switchboard.worker.mlx.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How this worker talks to its OpenAI-compatible server: timeouts, credentials, and what its models can do. */
@ConfigMapping(prefix = "switchboard.openai")
public interface OpenAiCompatibleConfig {

    /** How long to wait for a TCP connection to the server. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How long a chat stream may stay silent: before the answer starts (the server loading the model
     * or reading a long prompt) or between two chunks. There is no limit on the stream as a whole.
     */
    @WithDefault("300s")
    Duration idleTimeout();

    /** Sent as {@code Authorization: Bearer <key>} to servers started with one (llama.cpp {@code --api-key}, vLLM, LM Studio). */
    Optional<String> apiKey();

    /**
     * Models that reason, as name patterns ({@code *} any characters, {@code ?} one, case-ignored),
     * e.g. {@code *qwen3-*}. These servers do not say which models can; for a listed model the
     * worker also switches reasoning on or off as the client asked ({@code chat_template_kwargs.enable_thinking}).
     */
    Optional<List<String>> thinkingModels();

    /** Models that read images, as name patterns like {@link #thinkingModels()}. */
    Optional<List<String>> visionModels();

    /** How long the model list of {@code /v1/models} is reused. */
    @WithDefault("10s")
    Duration modelsCacheTtl();
}
