package dev.switchboard.worker.core.backend;

import dev.switchboard.contract.worker.ModelInfo;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** What a backend server serves; each worker implements it with its server's model listing, shown in the worker's status. */
public interface ModelSource {

    /** The models the backend serves, with context length and capabilities where it tells them. */
    Uni<List<ModelInfo>> models();
}
