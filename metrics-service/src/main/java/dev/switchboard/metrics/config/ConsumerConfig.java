package dev.switchboard.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How usage is taken from {@code llm.completions}, and how hard a record is retried before it is dead-lettered. */
@ConfigMapping(prefix = "switchboard.metrics.consumer")
public interface ConsumerConfig {

    /** The Kafka consumer group; every instance of the service shares it. */
    @WithDefault("switchboard-metrics-service")
    String groupId();

    /** The most records taken in one poll; their offsets are committed together once all are stored. */
    @WithDefault("100")
    int maxPollRecords();

    /** The first wait before a failed record is tried again; it doubles on each failure. */
    @WithDefault("1s")
    Duration retryInitial();

    /** The longest wait between two tries, however long the database stays down. */
    @WithDefault("30s")
    Duration retryMax();

    /**
     * How often a record is tried when it fails while the database is up (bad data, not an outage)
     * before it goes to the dead-letter topic. Failures while the database is down never count.
     */
    @WithDefault("3")
    int maxAttempts();

    /** How long storing one record may take before the try counts as failed (and transient). */
    @WithDefault("30s")
    Duration storeTimeout();
}
