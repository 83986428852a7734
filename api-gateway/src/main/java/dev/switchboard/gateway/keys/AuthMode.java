package dev.switchboard.gateway.keys;

import dev.switchboard.gateway.keys.AuthConfig.Mode;

import java.util.Optional;
import java.util.Set;

/**
 * The mode the gateway runs in, decided once at start from SWITCHBOARD_AUTH and the address it
 * listens on: unset is off on loopback only; a gateway reachable from a network without keys must
 * be asked for explicitly, and is told it is open.
 *
 * @param refusal why the gateway must not start, or null
 * @param warning what to log when it starts open to a network, or null
 */
public record AuthMode(Mode mode, String refusal, String warning) {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1");

    public static AuthMode decide(Optional<Mode> configured, String host) {
        boolean loopback = LOOPBACK.contains(host) || host.startsWith("127.");
        if (configured.isPresent()) {
            Mode mode = configured.get();
            String warning = mode == Mode.OFF && !loopback
                    ? "SWITCHBOARD_AUTH=off on " + host + ": anyone who reaches this gateway uses every model without a key"
                    : null;
            return new AuthMode(mode, null, warning);
        }
        if (loopback) {
            return new AuthMode(Mode.OFF, null, null);
        }
        return new AuthMode(Mode.OFF, "the gateway listens on " + host + ", reachable from a network, and no API keys are"
                + " required. Set SWITCHBOARD_AUTH=keys and SWITCHBOARD_ADMIN_TOKEN=<a long random token>, then make keys with"
                + " POST /api/keys; or set SWITCHBOARD_AUTH=off to run open on purpose.", null);
    }

    public boolean keys() {
        return mode == Mode.KEYS;
    }
}
