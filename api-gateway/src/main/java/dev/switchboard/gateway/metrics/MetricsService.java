package dev.switchboard.gateway.metrics;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Calls to metrics-service, bounded in time and behind a circuit breaker: a metrics-service that
 * is down costs a client one quick 503, not a hung request. Aggregates over a year of usage may
 * take a few seconds, hence the longer timeout than for sessions.
 */
@ApplicationScoped
@Timeout(value = 15, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
public class MetricsService {

    private final MetricsServiceClient client;

    public MetricsService(@RestClient MetricsServiceClient client) {
        this.client = client;
    }

    public Uni<Response> summary(MultivaluedMap<String, String> query) {
        return client.summary(query);
    }

    public Uni<Response> timeseries(MultivaluedMap<String, String> query) {
        return client.timeseries(query);
    }

    public Uni<Response> usage(MultivaluedMap<String, String> query) {
        return client.usage(query);
    }

    public Uni<Response> usageOf(String jobId) {
        return client.usageOf(jobId);
    }
}
