package dev.switchboard.contract.worker;

import dev.switchboard.contract.Versioned;

import java.time.Instant;
import java.util.List;

/**
 * What a worker reports every few seconds; the gateway routes by it.
 *
 * @param backendKind      the protocol the worker speaks to its backend, e.g. {@code ollama} or {@code openai}
 * @param backendReachable whether the backend answered the last probe
 * @param inFlight         jobs running now
 * @param capacity         jobs the backend can run at once
 */
public record WorkerStatus(
        int schemaVersion,
        String workerId,
        String pool,
        String backendKind,
        String backendUrl,
        boolean backendReachable,
        List<ModelInfo> models,
        int inFlight,
        int capacity,
        Instant reportedAt) implements Versioned {

    public WorkerStatus {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** In flight over capacity; 1 or more means full. */
    public double load() {
        return capacity <= 0 ? 1.0 : (double) inFlight / capacity;
    }
}
