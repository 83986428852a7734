package dev.switchboard.worker.mlx.models;

import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.mlx.client.OpenAiCompatibleClient;
import dev.switchboard.worker.mlx.config.OpenAiCompatibleConfig;
import dev.switchboard.worker.mlx.mapping.ModelCapabilities;
import dev.switchboard.worker.mlx.mapping.ModelList;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * The models the server lists, kept for {@code switchboard.openai.models-cache-ttl}: the worker's
 * status asks every few seconds, and mlx_lm.server answers {@code /v1/models} by scanning the
 * Hugging Face cache on disk. A failed listing is not kept.
 */
@ApplicationScoped
public class ModelCatalog implements ModelSource {

    private final OpenAiCompatibleClient client;
    private final ModelCapabilities capabilities;
    private final Duration ttl;
    private volatile Cached cached;

    private record Cached(List<ModelInfo> models, long expiresAtNanos) {
    }

    public ModelCatalog(OpenAiCompatibleClient client, ModelCapabilities capabilities, OpenAiCompatibleConfig config) {
        this.client = client;
        this.capabilities = capabilities;
        this.ttl = config.modelsCacheTtl();
    }

    @Override
    public Uni<List<ModelInfo>> models() {
        Cached current = cached;
        if (current != null && System.nanoTime() - current.expiresAtNanos() < 0) {
            return Uni.createFrom().item(current.models());
        }
        return client.models()
                .map(list -> ModelList.models(list, capabilities))
                .invoke(models -> cached = new Cached(models, System.nanoTime() + ttl.toNanos()));
    }
}
