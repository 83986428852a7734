package dev.switchboard.gateway.models;

import dev.switchboard.contract.model.PullProgress;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds up the progress of one pull on several backend servers into one stream of Ollama's lines:
 * a layer's {@code total} and {@code completed} are summed over the servers pulling it, a step
 * ({@code pulling manifest}, {@code writing manifest}, …) is told once, and {@code success} only
 * when every server has succeeded. With one server, its lines pass unchanged. Not thread-safe.
 */
final class PullTally {

    private final Set<String> servers;
    private final Set<String> succeeded = new HashSet<>();
    private final Set<String> stepsTold = new HashSet<>();
    private final Map<String, Map<String, PullProgress>> layers = new HashMap<>();

    PullTally(List<String> servers) {
        this.servers = Set.copyOf(servers);
    }

    /** What to tell the client after {@code server} reported {@code progress}, if anything. */
    Optional<PullProgress> on(String server, PullProgress progress) {
        if (progress.succeeded()) {
            return finished(server);
        }
        if (progress.digest() == null) {
            return servers.size() == 1 || stepsTold.add(progress.status()) ? Optional.of(progress) : Optional.empty();
        }
        Map<String, PullProgress> byServer = layers.computeIfAbsent(progress.digest(), digest -> new HashMap<>());
        byServer.put(server, progress);
        if (servers.size() == 1) {
            return Optional.of(progress);
        }
        long total = byServer.values().stream().mapToLong(layer -> layer.total() == null ? 0 : layer.total()).sum();
        long completed = byServer.values().stream().mapToLong(layer -> layer.completed() == null ? 0 : layer.completed()).sum();
        return Optional.of(new PullProgress(progress.status(), progress.digest(), total, completed));
    }

    /** {@code server} is done; the pull's {@code success} once it was the last. */
    Optional<PullProgress> finished(String server) {
        boolean first = succeeded.add(server);
        return first && succeeded.containsAll(servers) ? Optional.of(PullProgress.step(PullProgress.SUCCESS)) : Optional.empty();
    }
}
