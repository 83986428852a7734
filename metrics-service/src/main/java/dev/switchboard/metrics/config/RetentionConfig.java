package dev.switchboard.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long usage records are kept. */
@ConfigMapping(prefix = "switchboard.metrics.retention")
public interface RetentionConfig {

    /** Records that finished longer ago than this are deleted. */
    @WithDefault("400d")
    Duration maxAge();

    /**
     * How often the purge runs: a duration such as {@code 1h}, or {@code off}. Read by the
     * scheduler from the configuration; declared here so that it is documented and checked.
     */
    @WithDefault("1h")
    String purgeEvery();

    /** Rows deleted per statement, so that a large purge never holds long locks or a huge transaction. */
    @WithDefault("10000")
    int batchSize();
}
