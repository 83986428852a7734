package dev.switchboard.gateway.routing;

import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Decides which model and pool a request goes to. */
@ApplicationScoped
public class ModelRouter {

    private final ModelRegistry registry;
    private final ModelAliases aliases;

    public ModelRouter(ModelRegistry registry, RoutingConfig config) {
        this.registry = registry;
        this.aliases = new ModelAliases(config.aliases(), config.defaultModel(), config.smallModel());
    }

    /** @throws RoutingException when the model is unknown or no live worker serves it */
    public Route route(String requestedModel) {
        String model = aliases.resolve(requestedModel);
        List<WorkerStatus> serving = registry.workers().stream()
                .filter(worker -> serves(worker, model))
                .toList();
        if (registry.workers().isEmpty()) {
            throw new RoutingException(RoutingException.Kind.NO_LIVE_WORKER,
                    "no worker is running, so model '" + model + "' cannot be served now; start a worker and its backend");
        }
        if (serving.isEmpty()) {
            throw new RoutingException(RoutingException.Kind.UNKNOWN_MODEL, unknownModelMessage(requestedModel, model));
        }
        List<WorkerStatus> reachable = serving.stream().filter(WorkerStatus::backendReachable).toList();
        if (reachable.isEmpty()) {
            throw new RoutingException(RoutingException.Kind.NO_LIVE_WORKER, "model '" + model
                    + "' is served only by backends that are not reachable now: " + serving.stream()
                    .map(WorkerStatus::backendUrl).distinct().collect(Collectors.joining(", ")));
        }
        String pool = leastLoadedPool(reachable);
        return new Route(requestedModel, model, pool);
    }

    /** Every model of a live worker, by name. */
    public Map<String, ModelInfo> models() {
        return registry.workers().stream()
                .flatMap(worker -> worker.models().stream())
                .collect(Collectors.toMap(ModelInfo::name, info -> info, (a, b) -> a, java.util.TreeMap::new));
    }

    private static boolean serves(WorkerStatus worker, String model) {
        return worker.models().stream().anyMatch(info -> info.name().equals(model));
    }

    private static String leastLoadedPool(List<WorkerStatus> workers) {
        Map<String, List<WorkerStatus>> byPool = workers.stream().collect(Collectors.groupingBy(WorkerStatus::pool));
        Optional<Map.Entry<String, List<WorkerStatus>>> best = byPool.entrySet().stream()
                .min(Comparator.comparingDouble(entry -> load(entry.getValue())));
        return best.orElseThrow().getKey();
    }

    private static double load(List<WorkerStatus> pool) {
        int inFlight = pool.stream().mapToInt(WorkerStatus::inFlight).sum();
        int capacity = pool.stream().mapToInt(WorkerStatus::capacity).sum();
        return capacity <= 0 ? Double.MAX_VALUE : (double) inFlight / capacity;
    }

    private String unknownModelMessage(String requested, String model) {
        TreeSet<String> available = new TreeSet<>(models().keySet());
        String name = requested.equals(model) ? "'" + requested + "'" : "'" + requested + "' (resolved to '" + model + "')";
        return "model " + name + " not found; available models: " + String.join(", ", available);
    }
}
