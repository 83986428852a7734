package dev.switchboard.worker.core.health;

import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.config.WorkerConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/** A worker is ready only while its backend answers: without one it can run nothing. */
@Readiness
@ApplicationScoped
public class BackendReadinessCheck implements AsyncHealthCheck {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final BackendProbe probe;
    private final WorkerConfig config;

    public BackendReadinessCheck(BackendProbe probe, WorkerConfig config) {
        this.probe = probe;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.probe()
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .map(answer -> HealthCheckResponse.named("backend").up()
                        .withData("pool", config.pool())
                        .withData("url", config.backendUrl())
                        .withData("answer", answer)
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("backend").down()
                        .withData("pool", config.pool())
                        .withData("url", config.backendUrl())
                        .withData("error", String.valueOf(failure.getMessage()))
                        .build());
    }
}
