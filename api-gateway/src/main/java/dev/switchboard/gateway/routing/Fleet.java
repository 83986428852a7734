package dev.switchboard.gateway.routing;

import dev.switchboard.contract.worker.WorkerStatus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What routing decides from, at one instant.
 *
 * @param workers     the workers whose statuses are live
 * @param knownPools  every pool this gateway has seen a worker of, live or not
 * @param knownModels every model this gateway has seen a worker serve, live or not
 * @param outstanding the jobs this gateway sent to each pool that have not ended
 */
public record Fleet(List<WorkerStatus> workers, Set<String> knownPools, Set<String> knownModels,
                    Map<String, Integer> outstanding) {

    public Fleet {
        workers = List.copyOf(workers);
        knownPools = Set.copyOf(knownPools);
        knownModels = Set.copyOf(knownModels);
        outstanding = Map.copyOf(outstanding);
    }
}
