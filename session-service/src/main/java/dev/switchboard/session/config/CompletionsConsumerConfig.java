package dev.switchboard.session.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the service consumes {@code llm.completions} and what it does when a record cannot be stored. */
@ConfigMapping(prefix = "switchboard.session.completions")
public interface CompletionsConsumerConfig {

    /** The Kafka consumer group; every instance of the service shares it. */
    @WithDefault("switchboard-session-service")
    String groupId();

    /** The first wait before storing a record again; it doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("500ms")
    Duration retryInitialBackoff();

    /** The longest wait between two tries while the database is unreachable. */
    @WithDefault("30s")
    Duration retryMaxBackoff();

    /**
     * How many times a record that fails for another reason than an unreachable database is
     * tried before it goes to {@code llm.completions.dlq}.
     */
    @WithDefault("3")
    int recordAttempts();

    /** How long one try at storing a record may take before it counts as failed (and is tried again). */
    @WithDefault("60s")
    Duration attemptTimeout();
}
