package dev.switchboard.gateway.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The backend servers behind the live workers: several workers may share one server (a pool of
 * workers in front of one Ollama), so the view groups their statuses by backend URL.
 */
public final class BackendServers {

    /** One backend server, its health, its load and what it serves. */
    public record Server(String url, String kind, List<String> pools, boolean healthy,
                         @JsonProperty("in_flight") int inFlight, int capacity, double load,
                         List<Worker> workers, List<Model> models) {
    }

    /** A worker in front of a server, as it last reported. */
    public record Worker(String id, String pool, @JsonProperty("backend_reachable") boolean backendReachable,
                         @JsonProperty("in_flight") int inFlight, int capacity,
                         @JsonProperty("reported_at") Instant reportedAt) {
    }

    /**
     * A model a server serves; {@code loaded} when the server holds it in memory now (Ollama says so in
     * {@code /api/ps}), with the context it is loaded with and until when it stays unless used.
     */
    public record Model(String name, @JsonProperty("context_length") Integer contextLength, Set<Capability> capabilities,
                        boolean loaded, @JsonProperty("loaded_context_length") Integer loadedContextLength,
                        @JsonProperty("loaded_until") Instant loadedUntil) {

        static Model of(ModelInfo info) {
            ModelInfo.Loaded loaded = info.loaded();
            return new Model(info.name(), info.contextLength(), info.capabilities(), loaded != null,
                    loaded == null ? null : loaded.contextLength(), loaded == null ? null : loaded.expiresAt());
        }
    }

    private BackendServers() {
    }

    /**
     * The servers, by URL; models left out unless {@code shown(model, pool)}: listings hide some, and
     * an API key sees only the models it may use.
     */
    public static List<Server> of(List<WorkerStatus> workers, BiPredicate<String, String> shown) {
        Map<String, List<WorkerStatus>> byUrl = workers.stream()
                .collect(Collectors.groupingBy(worker -> normalize(worker.backendUrl()), TreeMap::new, Collectors.toList()));
        return byUrl.entrySet().stream().map(entry -> server(entry.getKey(), entry.getValue(), shown)).toList();
    }

    /** A URL as servers are keyed: without a trailing slash. */
    public static String normalize(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static Server server(String url, List<WorkerStatus> workers, BiPredicate<String, String> shown) {
        int inFlight = workers.stream().mapToInt(WorkerStatus::inFlight).sum();
        int capacity = workers.stream().mapToInt(WorkerStatus::capacity).sum();
        Map<String, Model> models = new LinkedHashMap<>();
        workers.stream().flatMap(worker -> worker.models().stream().filter(info -> shown.test(info.name(), worker.pool())))
                .sorted(Comparator.comparing(ModelInfo::name))
                .forEach(info -> models.merge(info.name(), Model.of(info), (first, other) -> first.loaded() || !other.loaded() ? first : other));
        return new Server(url,
                workers.getFirst().backendKind(),
                workers.stream().map(WorkerStatus::pool).distinct().sorted().toList(),
                workers.stream().anyMatch(WorkerStatus::backendReachable),
                inFlight, capacity, capacity <= 0 ? 1.0 : (double) inFlight / capacity,
                workers.stream().sorted(Comparator.comparing(WorkerStatus::workerId))
                        .map(worker -> new Worker(worker.workerId(), worker.pool(), worker.backendReachable(),
                                worker.inFlight(), worker.capacity(), worker.reportedAt()))
                        .toList(),
                List.copyOf(models.values()));
    }
}
