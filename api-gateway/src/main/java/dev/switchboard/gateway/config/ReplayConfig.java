package dev.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Resumable generations: their events are kept in Redis so that a client can re-attach through any
 * gateway. The workers read the same settings ({@code SWITCHBOARD_REPLAY_*}).
 */
@ConfigMapping(prefix = "switchboard.replay")
public interface ReplayConfig {

    /** How long a resumable generation's events are kept after it ended. */
    @WithDefault("10m")
    Duration retention();
}
