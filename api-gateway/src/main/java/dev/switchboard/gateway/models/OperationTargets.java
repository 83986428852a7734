package dev.switchboard.gateway.models;

import dev.switchboard.contract.worker.WorkerStatus;
import dev.switchboard.gateway.routing.BackendServers;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which workers run a model operation, a pure function of the name asked for and the live workers.
 *
 * <ul>
 *   <li>{@code pool/model} names a pool the gateway has seen; any other prefix is part of the model
 *       name ({@code mlx-community/…}), as in routing.</li>
 *   <li>A pull or a delete runs once on every backend server: of the named pool, or of every pool
 *       whose workers speak Ollama. Several workers in front of one server send it once, through
 *       the one that reaches its server and has the most free slots.</li>
 *   <li>A show asks one worker that serves the model; {@code name} and {@code name:latest} are the
 *       same model.</li>
 * </ul>
 */
public final class OperationTargets {

    static final String OLLAMA = "ollama";
    private static final String LATEST = ":latest";

    private OperationTargets() {
    }

    /** The model meant and the workers to ask. */
    public record Plan(String model, List<WorkerStatus> workers) {
    }

    /** One worker per backend server of the named pool, or of every Ollama pool. */
    public static Plan everyServer(String requested, List<WorkerStatus> live, Set<String> knownPools) {
        String pool = pool(requested, knownPools);
        String model = pool == null ? requested : requested.substring(pool.length() + 1);
        List<WorkerStatus> candidates = live.stream()
                .filter(worker -> pool == null ? OLLAMA.equals(worker.backendKind()) : worker.pool().equals(pool))
                .toList();
        if (candidates.isEmpty()) {
            throw ModelOperationException.unavailable(pool == null
                    ? "no Ollama server is running: start an Ollama worker and its Ollama"
                    : "no worker of pool '" + pool + "' is running: start one and its backend");
        }
        Map<String, WorkerStatus> byServer = new LinkedHashMap<>();
        candidates.stream().sorted(preferred()).forEach(worker ->
                byServer.putIfAbsent(BackendServers.normalize(worker.backendUrl()), worker));
        return new Plan(model, List.copyOf(byServer.values()));
    }

    /** The worker to ask about one model: one that lists it, in the named pool if there is one. */
    public static Plan oneServing(String requested, List<WorkerStatus> live, Set<String> knownPools) {
        String pool = pool(requested, knownPools);
        String model = pool == null ? requested : requested.substring(pool.length() + 1);
        return live.stream()
                .filter(worker -> pool == null || worker.pool().equals(pool))
                .sorted(preferred())
                .flatMap(worker -> worker.models().stream()
                        .filter(info -> sameModel(info.name(), model))
                        .map(info -> new Plan(info.name(), List.of(worker))))
                .findFirst()
                .orElseThrow(() -> ModelOperationException.notFound("model '" + model + "' not found"));
    }

    static boolean sameModel(String served, String asked) {
        return served.equals(asked) || served.equals(asked + LATEST) || asked.equals(served + LATEST);
    }

    private static String pool(String requested, Set<String> knownPools) {
        int slash = requested.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String prefix = requested.substring(0, slash);
        return knownPools.contains(prefix) ? prefix : null;
    }

    /** Workers that reach their server first, then the one with the most free slots, then by id. */
    private static Comparator<WorkerStatus> preferred() {
        return Comparator.comparing((WorkerStatus worker) -> !worker.backendReachable())
                .thenComparing(worker -> worker.inFlight() - worker.capacity())
                .thenComparing(WorkerStatus::workerId);
    }
}
