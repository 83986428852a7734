package dev.switchboard.simulator.health;

import dev.switchboard.simulator.model.ModelCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when at least one model is configured: a simulator without models answers every chat with 404. */
@Readiness
@ApplicationScoped
public class SimulatorReadiness implements HealthCheck {

    private final ModelCatalog catalog;

    public SimulatorReadiness(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        int models = catalog.all().size();
        return HealthCheckResponse.named("simulator-models").status(models > 0).withData("models", models).build();
    }
}
