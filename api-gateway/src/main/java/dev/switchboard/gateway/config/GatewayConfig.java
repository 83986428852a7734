package dev.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How the gateway hands jobs to workers and waits for them. */
@ConfigMapping(prefix = "switchboard.gateway")
public interface GatewayConfig {

    /** This instance's id; its reply channel is named after it. Defaults to a random id per process. */
    Optional<String> instanceId();

    /** How long a job may wait for a worker to start it before the client gets 529 overloaded. */
    @WithDefault("120s")
    Duration queueWait();

    /**
     * How long a streaming response holds back its headers waiting for a worker; after that the
     * stream starts and the client gets pings while the job waits, so that it does not time out.
     */
    @WithDefault("3s")
    Duration streamStartAfter();

    /**
     * How often the workers of running jobs are checked. A worker process that dies is noticed at the
     * next check (its Redis connection closes with it); one cut off from Redis when its status expires.
     */
    @WithDefault("250ms")
    Duration workerCheck();

    /** How often a waiting streaming client gets a ping. */
    @WithDefault("10s")
    Duration pingInterval();

    /** The largest request body accepted. */
    @WithDefault("64M")
    io.quarkus.runtime.configuration.MemorySize maxRequestBody();

    /** The largest body the {@code /api} endpoints accept (413 above): renames and new conversations, not conversations. */
    @WithDefault("1M")
    io.quarkus.runtime.configuration.MemorySize maxApiBody();
}
