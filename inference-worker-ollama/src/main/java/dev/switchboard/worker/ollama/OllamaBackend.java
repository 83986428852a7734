package dev.switchboard.worker.ollama;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.backend.http.BackendStream;
import dev.switchboard.worker.core.config.CloudRule;
import dev.switchboard.worker.ollama.client.OllamaClient;
import dev.switchboard.worker.ollama.config.OllamaConfig;
import dev.switchboard.worker.ollama.mapping.ChatLineDecoder;
import dev.switchboard.worker.ollama.mapping.ChatRequestMapper;
import dev.switchboard.worker.ollama.mapping.ContextSize;
import dev.switchboard.worker.ollama.mapping.ContextSizing;
import dev.switchboard.worker.ollama.mapping.ModelDetails;
import dev.switchboard.worker.ollama.mapping.OllamaPrompt;
import dev.switchboard.worker.ollama.mapping.PromptEstimator;
import dev.switchboard.worker.ollama.models.ModelCatalog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * Runs generations on Ollama's {@code /api/chat}. Before each one it reads the model's context
 * length and capabilities ({@code /api/show}, cached) and sizes {@code num_ctx} so that the whole
 * prompt and the answer fit, or refuses a prompt that cannot fit at all.
 */
@ApplicationScoped
public class OllamaBackend implements InferenceBackend {

    private static final Logger LOG = Logger.getLogger(OllamaBackend.class);
    private static final Map<String, String> NDJSON = Map.of("Accept", "application/x-ndjson");

    private final OllamaClient ollama;
    private final ModelCatalog catalog;
    private final BackendStream stream;
    private final OllamaConfig config;
    private final ContextSizing sizing;
    private final CloudRule cloud;

    public OllamaBackend(OllamaClient ollama, ModelCatalog catalog, BackendStream stream, OllamaConfig config,
                         CloudRule cloud) {
        this.ollama = ollama;
        this.catalog = catalog;
        this.stream = stream;
        this.config = config;
        this.sizing = new ContextSizing(config.numCtxFloor(), config.numCtxStep());
        this.cloud = cloud;
    }

    @Override
    public Multi<BackendEvent> generate(GenerationJob job) {
        return Multi.createFrom().deferred(() -> {
            String model = job.model();
            return catalog.details(model)
                    .chain(details -> {
                        if (!cloud.allows(model, details.remote())) {
                            return Uni.createFrom().failure(cloud.refusal(model));
                        }
                        return catalog.loadedContextLength(model).map(loaded -> chatBody(job, details, loaded));
                    })
                    .onItem().transformToMulti(body -> stream.post("/api/chat", body, NDJSON, ChatLineDecoder::new));
        });
    }

    @Override
    public String kind() {
        return "ollama";
    }

    private ObjectNode chatBody(GenerationJob job, ModelDetails model, Integer loadedContext) {
        ChatRequest request = job.request();
        OllamaPrompt prompt = ChatRequestMapper.prompt(request);
        int promptTokens = PromptEstimator.estimate(prompt);
        int maxTokens = request.sampling().maxTokens();
        ContextSize size = sizing.size(job.model(), promptTokens, maxTokens, model.contextLength(), loadedContext);
        catalog.sending(job.model(), size.numCtx());
        if (size.numPredict() < maxTokens) {
            LOG.infof("job %s (conversation %s): num_predict lowered from %d to %d: a prompt of about %d tokens and"
                            + " the max tokens do not both fit %s's context of %d tokens", job.jobId(), job.conversationId(),
                    maxTokens, size.numPredict(), promptTokens, job.model(), model.contextLength());
        }
        LOG.debugf("job %s (conversation %s): prompt of about %d tokens, num_ctx %d (loaded %s, model max %s), num_predict %d",
                job.jobId(), job.conversationId(), promptTokens, size.numCtx(), loadedContext, model.contextLength(),
                size.numPredict());
        return ChatRequestMapper.body(job.model(), prompt, request.sampling(), request.responseFormat(),
                ChatRequestMapper.think(request.sampling().thinking(), model), size,
                request.keepAlive() != null ? request.keepAlive() : config.keepAlive());
    }
}
