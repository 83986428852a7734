package dev.switchboard.worker.ollama.models;

import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.ollama.client.OllamaClient;
import dev.switchboard.worker.ollama.config.OllamaConfig;
import dev.switchboard.worker.ollama.mapping.ModelDetails;
import dev.switchboard.worker.ollama.mapping.ModelMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Ollama serves: the models pulled, each one's context length and capabilities (from
 * {@code /api/show}, kept for {@code switchboard.ollama.show-cache-ttl}), and the context a loaded
 * model has now. Cloud models are left out unless they are allowed.
 */
@ApplicationScoped
public class ModelCatalog implements ModelSource {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);

    private final OllamaClient ollama;
    private final OllamaConfig config;
    private final boolean allowCloud;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> shown = new ConcurrentHashMap<>();
    private final LoadedContexts loaded;

    private record Cached(ModelDetails details, Instant expires) {
    }

    public ModelCatalog(OllamaClient ollama, OllamaConfig config, WorkerConfig worker) {
        this.ollama = ollama;
        this.config = config;
        this.allowCloud = worker.allowCloudModels();
        this.loaded = new LoadedContexts(ollama::ps, config.psRefresh(), clock);
    }

    /** The model's details; fails with NOT_FOUND when Ollama does not have it. */
    public Uni<ModelDetails> details(String model) {
        Cached cached = shown.get(model);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return Uni.createFrom().item(cached.details());
        }
        return ollama.show(model)
                .map(show -> ModelMetadata.details(model, show))
                .invoke(details -> shown.put(model, new Cached(details, clock.instant().plus(config.showCacheTtl()))));
    }

    /** The models of {@code /api/tags} with their details, in Ollama's order. */
    @Override
    public Uni<List<ModelInfo>> models() {
        return ollama.tags().chain(tags -> {
            List<ModelMetadata.Tag> listed = ModelMetadata.tags(tags).stream()
                    .filter(tag -> allowCloud || !tag.remote())
                    .toList();
            if (listed.isEmpty()) {
                return Uni.createFrom().item(List.<ModelInfo>of());
            }
            List<Uni<ModelDetails>> details = listed.stream()
                    .map(tag -> details(tag.name()).onFailure().recoverWithItem(failure -> {
                        LOG.debugf("details of model %s unknown: %s", tag.name(), failure.getMessage());
                        return new ModelDetails(tag.name(), null, Set.of(), false);
                    }))
                    .toList();
            return Uni.join().all(details).usingConcurrencyOf(config.showConcurrency()).andFailFast()
                    .map(all -> all.stream()
                            .filter(model -> allowCloud || !model.remote())
                            .map(ModelDetails::toModelInfo)
                            .toList());
        });
    }

    /** Forgets what {@code /api/show} said about {@code model}: it was deleted or pulled again. */
    public void forget(String model) {
        shown.remove(model);
    }

    /** The context {@code model} is loaded with now, or null when it is not loaded or Ollama cannot say. */
    public Uni<Integer> loadedContextLength(String model) {
        return loaded.of(model);
    }

    /** Records the {@code num_ctx} of a chat about to be sent: Ollama loads the model with it. */
    public void sending(String model, int numCtx) {
        loaded.sent(model, numCtx);
    }
}
