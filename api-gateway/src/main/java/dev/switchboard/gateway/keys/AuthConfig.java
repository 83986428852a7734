package dev.switchboard.gateway.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Who may use the gateway (SWITCHBOARD_AUTH, SWITCHBOARD_ADMIN_TOKEN, SWITCHBOARD_AUTH_*). */
@ConfigMapping(prefix = "switchboard.auth")
public interface AuthConfig {

    enum Mode {
        /** Anyone who reaches the gateway uses it: right on loopback only. */
        OFF,
        /** Every request needs an API key (or, for administration, the admin token). */
        KEYS
    }

    /** {@code off} or {@code keys}; unset means off on loopback, and a refusal to start on any other address. */
    Optional<Mode> mode();

    /** The token that administers keys and models ({@code /api/keys}, {@code /api/pull}, {@code /api/delete}); unset: the key API is off. */
    Optional<String> adminToken();

    /**
     * How long a generation holds one of its key's concurrency slots without renewing it. A running
     * generation renews its slot every third of this; one whose gateway died frees it at the end.
     */
    @WithDefault("60s")
    Duration concurrencyLease();

    /** How often a gateway checks that Redis still holds the copy of the keys, and copies them again if not. */
    @WithDefault("10s")
    Duration mirrorCheck();
}
