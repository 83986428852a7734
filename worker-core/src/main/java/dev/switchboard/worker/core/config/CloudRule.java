package dev.switchboard.worker.core.config;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.worker.CloudModels;
import dev.switchboard.worker.core.backend.BackendException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this worker may offer and run a model that runs on a cloud service, not on this machine:
 * the one place a worker asks. A model is a cloud model when its name says so ({@link CloudModels})
 * or its backend says it runs remotely. Off unless the operator allowed cloud models
 * ({@link WorkerConfig#allowCloudModels()}): nothing leaves the machine by default.
 */
@ApplicationScoped
public class CloudRule {

    private final boolean allowed;

    public CloudRule(WorkerConfig config) {
        this.allowed = config.allowCloudModels();
    }

    /** Whether a model of this name may be offered and run. */
    public boolean allows(String model) {
        return allows(model, false);
    }

    /** Whether a model may be offered and run, given whether its backend says it runs remotely. */
    public boolean allows(String model, boolean remote) {
        return allowed || !(remote || CloudModels.isCloudName(model));
    }

    /** The failure of a generation asked of a model this rule refuses. */
    public BackendException refusal(String model) {
        return new BackendException(ErrorType.PERMISSION_DENIED, CloudModels.refusal(model));
    }
}
