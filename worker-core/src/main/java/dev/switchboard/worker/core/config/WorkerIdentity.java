package dev.switchboard.worker.core.config;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** The id this worker process goes by. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;
    private final String pool;

    public WorkerIdentity(WorkerConfig config) {
        this.pool = config.pool();
        this.id = config.id().orElseGet(() -> config.pool() + "-" + hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String id() {
        return id;
    }

    public String pool() {
        return pool;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
