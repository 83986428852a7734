package dev.switchboard.gateway.routing;

import dev.switchboard.contract.worker.CloudModels;
import dev.switchboard.contract.worker.WorkerStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The routing decision, a pure function of a model name and the {@link Fleet}: which served model
 * the name means, and which pool runs it.
 *
 * <ol>
 *   <li>{@code pool/model} forces a pool when {@code pool} is one the gateway has seen; model
 *       names may hold slashes themselves ({@code mlx-community/Qwen2.5-…}), so any other prefix
 *       is part of the name.</li>
 *   <li>The name resolves through the aliases. A hidden model is never reached through an alias;
 *       asked for by its exact name it is served.</li>
 *   <li>An Ollama cloud model that no worker offers is refused: its worker would only offer it if
 *       the operator allowed cloud models there.</li>
 *   <li>Among the pools with a worker that serves the model and reaches its backend, the least
 *       loaded wins: in flight (the larger of what the workers reported and what this gateway sent
 *       and has not seen end) over capacity; ties go to the pool with more free slots.</li>
 * </ol>
 */
public final class RoutePlanner {

    private final ModelAliases aliases;
    private final Set<String> hidden;

    public RoutePlanner(ModelAliases aliases, Set<String> hidden) {
        this.aliases = aliases;
        this.hidden = Set.copyOf(hidden);
    }

    /** @throws RoutingException when the name cannot be routed now, saying why */
    public Route plan(String requested, Fleet fleet) {
        String pool = forcedPool(requested, fleet);
        String name = pool == null ? requested : requested.substring(pool.length() + 1);
        String model = aliases.resolve(name);
        List<WorkerStatus> offering = fleet.workers().stream().filter(worker -> serves(worker, model)).toList();
        if (CloudModels.isCloudName(model) && offering.isEmpty()) {
            throw new RoutingException(RoutingException.Kind.FORBIDDEN, CloudModels.refusal(model));
        }
        if (!model.equals(name) && hidden.contains(model)) {
            throw new RoutingException(RoutingException.Kind.UNKNOWN_MODEL, "model '" + name + "' resolves through an alias to '"
                    + model + "', which is hidden; a hidden model is served only when asked for by its exact name");
        }
        if (fleet.workers().isEmpty()) {
            throw new RoutingException(RoutingException.Kind.NO_LIVE_WORKER,
                    "no worker is running, so model '" + model + "' cannot be served now; start a worker and its backend");
        }
        List<WorkerStatus> serving = offering.stream().filter(worker -> pool == null || worker.pool().equals(pool)).toList();
        if (serving.isEmpty()) {
            throw notServed(requested, model, pool, offering, fleet);
        }
        List<WorkerStatus> reachable = serving.stream().filter(WorkerStatus::backendReachable).toList();
        if (reachable.isEmpty()) {
            throw new RoutingException(RoutingException.Kind.NO_LIVE_WORKER, "model '" + model
                    + "' is served only by backends that are not reachable now: " + serving.stream()
                    .map(WorkerStatus::backendUrl).distinct().sorted().collect(Collectors.joining(", ")));
        }
        return new Route(requested, model, leastLoaded(reachable, fleet.outstanding()));
    }

    /** Whether listings show the model. */
    public boolean listed(String model) {
        return !hidden.contains(model);
    }

    private static String forcedPool(String requested, Fleet fleet) {
        int slash = requested.indexOf('/');
        if (slash <= 0 || slash == requested.length() - 1) {
            return null;
        }
        String prefix = requested.substring(0, slash);
        return fleet.knownPools().contains(prefix) ? prefix : null;
    }

    private RoutingException notServed(String requested, String model, String pool, List<WorkerStatus> offering, Fleet fleet) {
        if (pool != null) {
            boolean poolLive = fleet.workers().stream().anyMatch(worker -> worker.pool().equals(pool));
            if (!poolLive) {
                return new RoutingException(RoutingException.Kind.NO_LIVE_WORKER,
                        "pool '" + pool + "' has no live worker now, so it cannot serve model '" + model + "'");
            }
            if (!offering.isEmpty()) {
                return new RoutingException(RoutingException.Kind.UNKNOWN_MODEL, "pool '" + pool + "' does not serve model '"
                        + model + "'; it is served by pool " + offering.stream().map(WorkerStatus::pool).distinct().sorted()
                        .collect(Collectors.joining(", ")));
            }
        }
        if (fleet.knownModels().contains(model)) {
            return new RoutingException(RoutingException.Kind.NO_LIVE_WORKER, "model '" + model
                    + "' has no live worker now: the workers serving it stopped reporting");
        }
        TreeSet<String> available = fleet.workers().stream().flatMap(worker -> worker.models().stream())
                .map(info -> info.name()).filter(this::listed).collect(Collectors.toCollection(TreeSet::new));
        String shown = requested.equals(model) ? "'" + requested + "'" : "'" + requested + "' (resolved to '" + model + "')";
        return new RoutingException(RoutingException.Kind.UNKNOWN_MODEL,
                "model " + shown + " not found; available models: " + String.join(", ", available));
    }

    private static boolean serves(WorkerStatus worker, String model) {
        return worker.models().stream().anyMatch(info -> info.name().equals(model));
    }

    private static String leastLoaded(List<WorkerStatus> workers, Map<String, Integer> outstanding) {
        record Candidate(String pool, int inFlight, int capacity) {
            double load() {
                return capacity <= 0 ? Double.MAX_VALUE : (double) inFlight / capacity;
            }
        }
        return workers.stream().collect(Collectors.groupingBy(WorkerStatus::pool)).entrySet().stream()
                .map(entry -> new Candidate(entry.getKey(),
                        Math.max(entry.getValue().stream().mapToInt(WorkerStatus::inFlight).sum(),
                                outstanding.getOrDefault(entry.getKey(), 0)),
                        entry.getValue().stream().mapToInt(WorkerStatus::capacity).sum()))
                .min(Comparator.comparingDouble(Candidate::load)
                        .thenComparing(load -> load.inFlight() - load.capacity())
                        .thenComparing(Candidate::pool))
                .orElseThrow().pool();
    }
}
