package dev.switchboard.worker.ollama.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How this worker talks to Ollama: model residency, context sizing and timeouts. */
@ConfigMapping(prefix = "switchboard.ollama")
public interface OllamaConfig {

    /**
     * How long Ollama keeps a model loaded after a request, in Ollama's own syntax: a duration
     * ({@code 30m}, {@code 1h}) or seconds ({@code 3600}, {@code -1} for ever); sent as
     * {@code keep_alive} with every chat.
     */
    @WithDefault("30m")
    String keepAlive();

    /** The smallest {@code num_ctx} the worker asks for; small prompts share one loaded context size. */
    @WithDefault("8192")
    int numCtxFloor();

    /**
     * {@code num_ctx} is rounded up to a multiple of this. Ollama reloads a model whenever
     * {@code num_ctx} changes, so coarse steps mean fewer reloads as a conversation grows.
     */
    @WithDefault("8192")
    int numCtxStep();

    /** How long to wait for a TCP connection to Ollama. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How long a chat stream may stay silent, before its first line (while Ollama loads the model)
     * or between two lines. There is no limit on the stream as a whole.
     */
    @WithDefault("300s")
    Duration idleTimeout();

    /** How long a model's details from {@code /api/show} (context length, capabilities) are reused. */
    @WithDefault("5m")
    Duration showCacheTtl();

    /**
     * How long an answer of {@code /api/ps} (the context a loaded model has) is used as it is. After
     * that it is still used, up to 30 times as long, while a fresh one is asked for in the background,
     * so that no generation waits for {@code /api/ps}. {@code 0s} asks before every generation.
     */
    @WithDefault("1s")
    Duration psRefresh();

    /** How many {@code /api/show} requests run at once while listing models. */
    @WithDefault("4")
    int showConcurrency();
}
