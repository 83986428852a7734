package dev.switchboard.gateway.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** The id of this gateway process. */
@ApplicationScoped
public class InstanceId {

    private final String id;

    public InstanceId(GatewayConfig config) {
        this.id = config.instanceId().orElseGet(() -> "gw-" + UUID.randomUUID().toString().substring(0, 12));
    }

    public String id() {
        return id;
    }
}
