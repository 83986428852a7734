package dev.switchboard.worker.core.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.model.PullProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What each worker implements to manage its backend server's models, in the backend's own API.
 * A backend that cannot do one fails with a {@link BackendException} that says so. Cancelling a
 * pull must close its connection: that is how Ollama learns to stop downloading.
 */
public interface ModelManagement {

    /** Downloads {@code model} onto the server; the progress ends with one {@link PullProgress#succeeded()} line. */
    Multi<PullProgress> pull(String model);

    /** Removes {@code model} from the server; NOT_FOUND when it has no such model. */
    Uni<Void> delete(String model);

    /**
     * The model's details in Ollama's {@code /api/show} shape ({@code modelfile}, {@code parameters},
     * {@code template}, {@code details}, {@code model_info}, {@code capabilities}, as far as the
     * server knows them); NOT_FOUND when it has no such model.
     */
    Uni<JsonNode> show(String model);
}
