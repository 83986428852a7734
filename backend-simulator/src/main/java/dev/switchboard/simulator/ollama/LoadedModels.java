package dev.switchboard.simulator.ollama;

import dev.switchboard.simulator.model.SimModel;
import dev.switchboard.simulator.stats.SimulatorReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The models Ollama would hold in memory: each chat loads its model until its keep-alive runs out. */
@ApplicationScoped
public class LoadedModels {

    record Loaded(SimModel model, int contextLength, Instant expiresAt) {
    }

    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    void used(SimModel model, int contextLength, Duration keepAlive) {
        if (keepAlive.isZero()) {
            loaded.remove(model.name());
        } else {
            loaded.put(model.name(), new Loaded(model, contextLength, Instant.now().plus(keepAlive)));
        }
    }

    /** A deleted model leaves memory too. */
    void unload(SimModel model) {
        loaded.remove(model.name());
    }

    List<Loaded> current() {
        Instant now = Instant.now();
        loaded.values().removeIf(l -> l.expiresAt().isBefore(now));
        return loaded.values().stream().sorted(Comparator.comparing(l -> l.model().name())).toList();
    }

    void onReset(@Observes SimulatorReset reset) {
        loaded.clear();
    }
}
