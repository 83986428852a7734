package dev.switchboard.gateway.keys;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides the auth mode when the gateway starts, and stops the start when it would be open to a
 * network without being asked to (see {@link AuthMode}).
 */
@Startup
@ApplicationScoped
public class AuthStartup {

    private static final Logger LOG = Logger.getLogger(AuthStartup.class);

    private final AuthMode mode;

    // quarkus.http.host is Quarkus's own setting, not one of ours: read as it is.
    public AuthStartup(AuthConfig config, @ConfigProperty(name = "quarkus.http.host") String host) {
        this.mode = AuthMode.decide(config.mode(), host);
        if (mode.refusal() != null) {
            LOG.error("refusing to start: " + mode.refusal());
            throw new IllegalStateException("refusing to start: " + mode.refusal());
        }
        if (mode.warning() != null) {
            LOG.warn(mode.warning());
        }
        if (mode.keys() && config.adminToken().isEmpty()) {
            LOG.warn("SWITCHBOARD_AUTH=keys without SWITCHBOARD_ADMIN_TOKEN: no key can be made or changed; the key API is off");
        }
        LOG.infof("auth: %s", mode.keys() ? "API keys required" : "off (no key needed)");
    }

    public AuthMode mode() {
        return mode;
    }
}
