package dev.switchboard.worker.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Resumable generations (a job that says so): their events are kept in Redis so that a client can
 * re-attach through any gateway, and they outlive a client that hangs up. The same settings
 * ({@code SWITCHBOARD_REPLAY_*}) serve the gateway and the workers.
 */
@ConfigMapping(prefix = "switchboard.replay")
public interface ReplayConfig {

    /** How long a resumable job's events are kept after it ended: a re-attach within it replays the whole answer. */
    @WithDefault("10m")
    Duration retention();

    /** How long a resumable job runs on with no client attached to it, through any gateway, before it is cancelled. */
    @WithDefault("60s")
    Duration unattendedGrace();
}
