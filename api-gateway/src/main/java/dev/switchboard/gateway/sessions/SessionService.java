package dev.switchboard.gateway.sessions;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Calls to session-service, bounded in time and behind a circuit breaker: a session-service that
 * is down costs a client one quick 503, not a hung request, and costs the gateway nothing else.
 * Given an API key ({@code apiKey}, null for none), a call sees only that key's conversations.
 */
@ApplicationScoped
@Timeout(value = 5, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
public class SessionService {

    private final SessionServiceClient client;

    public SessionService(@RestClient SessionServiceClient client) {
        this.client = client;
    }

    public Uni<Response> create(byte[] body, String apiKey) {
        return client.create(body, apiKey);
    }

    public Uni<Response> list(MultivaluedMap<String, String> query) {
        return client.list(query);
    }

    public Uni<Response> get(String id, String apiKey) {
        return client.get(id, apiKey);
    }

    public Uni<Response> update(String id, byte[] body, String apiKey) {
        return client.update(id, body, apiKey);
    }

    public Uni<Response> delete(String id, String apiKey) {
        return client.delete(id, apiKey);
    }

    public Uni<Response> export(String id, MultivaluedMap<String, String> query) {
        return client.export(id, query);
    }
}
