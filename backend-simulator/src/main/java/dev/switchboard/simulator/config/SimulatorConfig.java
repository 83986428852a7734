package dev.switchboard.simulator.config;

import dev.switchboard.simulator.model.Capability;
import dev.switchboard.simulator.script.ReplyMode;
import dev.switchboard.simulator.script.ToolStream;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Everything under {@code simulator.*}; each key can be set by its environment variable (SIMULATOR_...). */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Delay before the first token, in milliseconds. */
    @WithDefault("200")
    long ttftMs();

    /** Token rate after the first token; 0 sends every token at once. */
    @WithDefault("40")
    double tokensPerSecond();

    Reply reply();

    Ollama ollama();

    OpenAi openai();

    PromptCache promptCache();

    Stats stats();

    /** Largest request body accepted, in bytes (Claude Code conversations reach several MB). */
    @WithDefault("67108864")
    long maxRequestBytes();

    /** The models served; the defaults are in application.properties. */
    List<Model> models();

    interface Reply {
        @WithDefault("text")
        ReplyMode mode();

        @WithDefault("Hello! This is a simulated reply from the Switchboard backend simulator.")
        String text();

        /** Tokens of the {@code generate} mode. */
        @WithDefault("64")
        int tokens();

        /** Thinking sent by thinking models when thinking is on and no directive scripts it. */
        @WithDefault("The user wants an answer. I will give a short one.")
        String thinkingText();
    }

    interface Ollama {
        /** What {@code GET /api/version} reports. */
        @WithDefault("0.12.10")
        String version();

        /** Context length a model is loaded with when the request sets no {@code options.num_ctx}. */
        @WithDefault("4096")
        int defaultNumCtx();

        /** How long a model stays in {@code /api/ps} after a request without {@code keep_alive}. */
        @WithDefault("5m")
        Duration keepAlive();

        /** How long {@code /api/pull} takes from its first progress line to {@code success}. */
        @WithDefault("1s")
        Duration pullDuration();
    }

    interface OpenAi {
        /** {@code max_tokens} when a request sets none (mlx_lm.server's default). */
        @WithDefault("512")
        int defaultMaxTokens();

        @WithDefault("whole")
        ToolStream toolStream();

        @WithDefault("switchboard-simulator")
        String systemFingerprint();
    }

    interface PromptCache {
        /**
         * Report as cached the prompt prefix shared with the previous request for the same model
         * ({@code usage.prompt_tokens_details.cached_tokens}).
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Stats {
        /** Recent requests kept for {@code /simulator/stats} and {@code /simulator/requests}. */
        @WithDefault("50")
        int recentRequests();

        /** Recent disconnect records kept. */
        @WithDefault("100")
        int recentDisconnects();

        /** Characters of each request body kept; longer bodies are kept truncated. */
        @WithDefault("262144")
        int maxBodyChars();
    }

    interface Model {
        String name();

        /** The architecture: {@code general.architecture}, {@code details.family}. */
        @WithDefault("llama")
        String family();

        @WithDefault("32768")
        int contextLength();

        @WithDefault("completion,tools")
        List<Capability> capabilities();

        @WithDefault("7B")
        String parameterSize();

        @WithDefault("Q4_K_M")
        String quantizationLevel();

        OptionalLong ttftMs();

        OptionalDouble tokensPerSecond();

        Optional<ToolStream> toolStream();
    }
}
