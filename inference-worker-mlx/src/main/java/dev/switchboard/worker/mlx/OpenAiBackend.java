package dev.switchboard.worker.mlx;

import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.mlx.client.ChatStream;
import dev.switchboard.worker.mlx.client.OpenAiClient;
import dev.switchboard.worker.mlx.mapping.ChatRequestMapper;
import dev.switchboard.worker.mlx.mapping.ModelCapabilities;
import dev.switchboard.worker.mlx.models.ModelCatalog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Runs generations on an OpenAI-compatible server's streaming {@code /v1/chat/completions}:
 * mlx_lm.server first, and llama.cpp's server, LM Studio and vLLM alike.
 */
@ApplicationScoped
public class OpenAiBackend implements InferenceBackend {

    private static final Logger LOG = Logger.getLogger(OpenAiBackend.class);

    private final OpenAiClient client;
    private final ModelCatalog catalog;
    private final ChatStream chat;
    private final ModelCapabilities capabilities;

    public OpenAiBackend(OpenAiClient client, ModelCatalog catalog, ChatStream chat, ModelCapabilities capabilities) {
        this.client = client;
        this.catalog = catalog;
        this.chat = chat;
        this.capabilities = capabilities;
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public Uni<String> probe() {
        return client.probe();
    }

    @Override
    public Uni<List<ModelInfo>> models() {
        return catalog.models();
    }

    @Override
    public Multi<BackendEvent> generate(GenerationJob job) {
        return Multi.createFrom().deferred(() -> {
            String model = job.model();
            // Only a model known to reason is told whether to; others keep their template's default.
            Boolean enableThinking = capabilities.thinks(model) ? job.request().sampling().thinking().enabled() : null;
            LOG.debugf("job %s (conversation %s): %s, %d messages, max_tokens %d, enable_thinking %s", job.jobId(),
                    job.conversationId(), model, job.request().messages().size(), job.request().sampling().maxTokens(),
                    enableThinking);
            return chat.generate(ChatRequestMapper.body(model, job.request(), enableThinking));
        });
    }
}
