package dev.switchboard.worker.mlx;

import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.backend.http.BackendStream;
import dev.switchboard.worker.mlx.client.OpenAiCompatibleClient;
import dev.switchboard.worker.mlx.config.OpenAiCompatibleConfig;
import dev.switchboard.worker.mlx.mapping.ChatRequestMapper;
import dev.switchboard.worker.mlx.mapping.ChatStreamDecoder;
import dev.switchboard.worker.mlx.mapping.ModelCapabilities;
import dev.switchboard.worker.mlx.models.ModelCatalog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs generations on an OpenAI-compatible server's streaming {@code /v1/chat/completions}:
 * mlx_lm.server first, and llama.cpp's server, LM Studio and vLLM alike.
 */
@ApplicationScoped
public class OpenAiCompatibleBackend implements InferenceBackend {

    private static final Logger LOG = Logger.getLogger(OpenAiCompatibleBackend.class);

    private final OpenAiCompatibleClient client;
    private final ModelCatalog catalog;
    private final BackendStream stream;
    private final ModelCapabilities capabilities;
    private final Map<String, String> headers = new HashMap<>();

    public OpenAiCompatibleBackend(OpenAiCompatibleClient client, ModelCatalog catalog, BackendStream stream,
                                   ModelCapabilities capabilities, OpenAiCompatibleConfig config) {
        this.client = client;
        this.catalog = catalog;
        this.stream = stream;
        this.capabilities = capabilities;
        headers.put("Accept", "text/event-stream");
        String authorization = OpenAiCompatibleClient.authorization(config);
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
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
            return stream.post("/v1/chat/completions", ChatRequestMapper.body(model, job.request(), enableThinking), headers,
                    ChatStreamDecoder::new);
        });
    }

    @Override
    public String kind() {
        return "openai";
    }

}
