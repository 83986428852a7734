package dev.switchboard.gateway.front;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.pipeline.ReplyChannel;
import dev.switchboard.gateway.routing.ModelRouter;
import dev.switchboard.gateway.routing.Route;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Turns a translated request into the job the pipeline runs: routed, addressed to this gateway's reply channel. */
@ApplicationScoped
public class JobFactory {

    private static final Logger LOG = Logger.getLogger(JobFactory.class);

    private final ModelRouter router;
    private final ReplyChannel replies;
    private final GatewayConfig config;

    public JobFactory(ModelRouter router, ReplyChannel replies, GatewayConfig config) {
        this.router = router;
        this.replies = replies;
        this.config = config;
    }

    /** @param apiKeyId the key the request came with ({@code Caller.keyIdOf(ctx)}), null without one */
    public GenerationJob job(String requestedModel, ChatRequest chat, ClientKind client, String conversationId, boolean stream,
                             String apiKeyId) {
        Route route = router.route(requestedModel);
        Instant now = Instant.now();
        GenerationJob job = new GenerationJob(SchemaVersion.CURRENT, Ids.message(), conversationId, client, requestedModel,
                route.model(), route.pool(), replies.name(), now, now.plus(config.queueWait()), chat, apiKeyId);
        LOG.debugf("job %s (%s): %s → %s on pool %s, conversation %s, %s", job.jobId(), client.wireName(), requestedModel,
                route.model(), route.pool(), conversationId, stream ? "streaming" : "not streaming");
        return job;
    }
}
