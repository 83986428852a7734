package dev.switchboard.worker.ollama.models;

import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.config.CloudRule;
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
    private final CloudRule cloud;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> shown = new ConcurrentHashMap<>();
    private final LoadedContexts loaded;

    private record Cached(ModelDetails details, Instant expires) {
    }

    public ModelCatalog(OllamaClient ollama, OllamaConfig config, CloudRule cloud) {
        this.ollama = ollama;
        this.config = config;
        this.cloud = cloud;
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

    /**
     * The models of {@code /api/tags} with their details, in Ollama's order, and which of them are
     * loaded now ({@code /api/ps}, asked each time: the worker's status reports it; when Ollama does
     * not answer it, no model is said to be loaded).
     */
    @Override
    public Uni<List<ModelInfo>> models() {
        Uni<Map<String, ModelInfo.Loaded>> resident = ollama.ps().map(ModelMetadata::loaded)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("/api/ps did not answer: %s", failure.getMessage());
                    return Map.of();
                });
        return Uni.combine().all().unis(available(), resident).with((models, loadedNow) -> models.stream()
                .map(model -> model.withLoaded(loadedNow.get(ModelMetadata.canonicalName(model.name()))))
                .toList());
    }

    private Uni<List<ModelInfo>> available() {
        return ollama.tags().chain(tags -> {
            List<ModelMetadata.Tag> listed = ModelMetadata.tags(tags).stream()
                    .filter(tag -> cloud.allows(tag.name(), tag.remote()))
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
                            .filter(model -> cloud.allows(model.name(), model.remote()))
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
