package dev.switchboard.worker.core.backend;

import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.worker.ModelInfo;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The one thing each worker implements: how to talk to its backend server. Everything else —
 * taking jobs from Kafka, concurrency, deadlines, cancellation, publishing events and
 * completions, reporting status — is worker-core's.
 */
public interface InferenceBackend extends BackendProbe {

    /** The protocol spoken to the backend, e.g. {@code ollama} or {@code openai}; shown in the worker's status. */
    String kind();

    /**
     * Streams one generation of {@code job.model()}. The stream ends with exactly one
     * {@link BackendEvent.Finished}, or fails with a {@link BackendException}. Cancelling the
     * subscription must close the connection to the backend at once: that is how Ollama, vLLM
     * and mlx_lm.server learn to stop generating.
     */
    Multi<BackendEvent> generate(GenerationJob job);

    /** The models the backend serves, with context length and capabilities where it tells them. */
    Uni<List<ModelInfo>> models();
}
