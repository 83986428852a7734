package dev.switchboard.worker.core.backend;

import dev.switchboard.contract.job.GenerationJob;
import io.smallrye.mutiny.Multi;

/**
 * The one thing each worker implements: how to run a generation on its backend server, beside
 * whether the server answers ({@link BackendProbe}) and what it serves ({@link ModelSource}).
 * Everything else — taking jobs from Kafka, concurrency, deadlines, cancellation, publishing
 * events and completions, reporting status, the HTTP exchange itself
 * ({@link dev.switchboard.worker.core.backend.http.BackendStream}) — is worker-core's.
 */
public interface InferenceBackend {

    /** The protocol spoken to the backend, e.g. {@code ollama} or {@code openai}; shown in the worker's status. */
    String kind();

    /**
     * Streams one generation of {@code job.model()}. The stream ends with exactly one
     * {@link BackendEvent.Finished}, or fails with a {@link BackendException}. Cancelling the
     * subscription must close the connection to the backend at once: that is how Ollama, vLLM
     * and mlx_lm.server learn to stop generating.
     */
    Multi<BackendEvent> generate(GenerationJob job);
}
