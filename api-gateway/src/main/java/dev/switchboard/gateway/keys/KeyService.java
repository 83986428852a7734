package dev.switchboard.gateway.keys;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/** Calls to the keys' owner (session-service), bounded in time and behind a circuit breaker. */
@ApplicationScoped
@Timeout(value = 5, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
public class KeyService {

    private final KeyServiceClient client;

    public KeyService(@RestClient KeyServiceClient client) {
        this.client = client;
    }

    public Uni<Response> create(byte[] body) {
        return client.create(body);
    }

    public Uni<Response> list() {
        return client.list();
    }

    public Uni<Response> mirror() {
        return client.mirror();
    }

    public Uni<Response> get(String id) {
        return client.get(id);
    }

    public Uni<Response> update(String id, byte[] body) {
        return client.update(id, body);
    }

    public Uni<Response> revoke(String id) {
        return client.revoke(id);
    }
}
