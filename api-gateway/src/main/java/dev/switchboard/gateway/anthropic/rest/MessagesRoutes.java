package dev.switchboard.gateway.anthropic.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.gateway.anthropic.mapping.AnthropicRequest;
import dev.switchboard.gateway.anthropic.mapping.AnthropicRequestMapper;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.RequestJson;
import dev.switchboard.gateway.anthropic.mapping.TokenCounter;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.front.AssembledReply;
import dev.switchboard.gateway.front.Conversations;
import dev.switchboard.gateway.keys.Caller;
import dev.switchboard.gateway.front.StreamingReply;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.pipeline.EventPosition;
import dev.switchboard.gateway.pipeline.GenerationInfo;
import dev.switchboard.gateway.pipeline.Generations;
import io.smallrye.mutiny.Multi;
import dev.switchboard.gateway.pipeline.ReplyChannel;
import dev.switchboard.gateway.routing.ModelRouter;
import dev.switchboard.gateway.routing.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} (streaming and not) and
 * {@code POST /v1/messages/count_tokens}, also with {@code ?beta=true} as Claude Code sends them.
 */
@ApplicationScoped
public class MessagesRoutes {

    private static final Logger LOG = Logger.getLogger(MessagesRoutes.class);
    /** Bodies above this are parsed off the event loop: Claude Code's can be tens of MB. */
    private static final int INLINE_PARSE_LIMIT = 256 * 1024;
    private static final String CLAUDE_CODE_SESSION = "x-claude-code-session-id";
    /** {@code web} from Switchboard's web chat, so that sessions and usage show where a turn came from. */
    private static final String CLIENT = "switchboard-client";
    /** A client that can re-attach (the web chat) asks that its generation outlive it. */
    private static final String RESUMABLE = "switchboard-resumable";

    private final Generations generations;
    private final ReplyChannel replies;
    private final ModelRouter router;
    private final GatewayConfig config;
    private final TokenCounter tokens = new TokenCounter();

    public MessagesRoutes(Generations generations, ReplyChannel replies, ModelRouter router, GatewayConfig config) {
        this.generations = generations;
        this.replies = replies;
        this.router = router;
        this.config = config;
    }

    void register(@Observes Router routes) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxRequestBody().asLongValue());
        routes.post("/v1/messages").handler(body).handler(this::requestId).handler(this::messages)
                .failureHandler(AnthropicResponses::failure);
        routes.post("/v1/messages/count_tokens").handler(body).handler(this::requestId).handler(this::countTokens)
                .failureHandler(AnthropicResponses::failure);
    }

    private void requestId(RoutingContext ctx) {
        ctx.response().putHeader(AnthropicResponses.REQUEST_ID, Ids.request());
        ctx.next();
    }

    private void messages(RoutingContext ctx) {
        parse(ctx, true, parsed -> {
            AnthropicRequest request = parsed.request();
            Route route = router.route(request.model());
            Instant now = Instant.now();
            boolean resumable = "true".equalsIgnoreCase(String.valueOf(ctx.request().getHeader(RESUMABLE)).strip());
            GenerationJob job = new GenerationJob(SchemaVersion.CURRENT, Ids.message(), conversationId(ctx, request),
                    clientKind(ctx), request.model(), route.model(), route.pool(), replies.name(), now,
                    now.plus(config.queueWait()), request.chat(), Caller.keyIdOf(ctx), resumable);
            LOG.debugf("job %s: %s → %s on pool %s, conversation %s, %s%s", job.jobId(), request.model(), route.model(),
                    route.pool(), job.conversationId(), request.stream() ? "streaming" : "not streaming",
                    resumable ? ", resumable" : "");
            ctx.response().putHeader("switchboard-message-id", job.jobId());
            AnthropicStreamRenderer renderer = new AnthropicStreamRenderer(job.jobId(), request.model(), parsed.inputTokens());
            if (!resumable) {
                AnthropicReplyFormat format = new AnthropicReplyFormat(renderer);
                if (request.stream()) {
                    new StreamingReply(ctx, format, config).run(generations.submit(job));
                } else {
                    new AssembledReply(ctx, format).run(generations.submit(job));
                }
                return;
            }
            Multi<StreamEvent> events = generations.submit(job,
                    new GenerationInfo(request.model(), parsed.inputTokens(), job.conversationId(), now));
            if (request.stream()) {
                new StreamingReply(ctx, AnthropicReplyFormat.withIds(renderer, EventPosition.START), config).run(events);
            } else {
                new AssembledReply(ctx, new AnthropicReplyFormat(renderer)).run(events);
            }
        });
    }

    private void countTokens(RoutingContext ctx) {
        parse(ctx, false, parsed -> AnthropicResponses.json(ctx, 200, Map.of("input_tokens", parsed.inputTokens())));
    }

    private record Parsed(AnthropicRequest request, int inputTokens) {
    }

    private interface ParsedHandler {
        void handle(Parsed parsed);
    }

    /** Reads, validates and counts the request; large bodies off the event loop. Errors become 400s. */
    private void parse(RoutingContext ctx, boolean requireMaxTokens, ParsedHandler handler) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            AnthropicResponses.error(ctx, GatewayError.invalidRequest(
                    "Content-Type must be application/json, was '" + contentType + "'"));
            return;
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            AnthropicResponses.error(ctx, GatewayError.invalidRequest("the request body is empty; send a JSON object"));
            return;
        }
        if (body.length() <= INLINE_PARSE_LIMIT) {
            Parsed parsed;
            try {
                parsed = read(body, requireMaxTokens);
            } catch (GatewayError e) {
                AnthropicResponses.error(ctx, e);
                return;
            }
            handleSafely(ctx, handler, parsed);
            return;
        }
        ctx.vertx().<Parsed>executeBlocking(() -> read(body, requireMaxTokens), false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
            } else {
                handleSafely(ctx, handler, result.result());
            }
        });
    }

    private static void handleSafely(RoutingContext ctx, ParsedHandler handler, Parsed parsed) {
        try {
            handler.handle(parsed);
        } catch (GatewayError e) {
            AnthropicResponses.error(ctx, e);
        }
    }

    private Parsed read(Buffer body, boolean requireMaxTokens) {
        try {
            JsonNode json = RequestJson.parse(body.getBytes());
            AnthropicRequest request = AnthropicRequestMapper.toCanonical(json, requireMaxTokens);
            return new Parsed(request, tokens.count(request.chat()));
        } catch (InvalidRequestException e) {
            throw GatewayError.invalidRequest(e.getMessage());
        }
    }

    /** The conversation header, else Claude Code's session (its header, else the one in metadata). */
    private static String conversationId(RoutingContext ctx, AnthropicRequest request) {
        return Conversations.of(ctx.request(), ctx.request().getHeader(CLAUDE_CODE_SESSION), request.metadataSessionId());
    }

    private static ClientKind clientKind(RoutingContext ctx) {
        if ("web".equalsIgnoreCase(ctx.request().getHeader(CLIENT))) {
            return ClientKind.WEB;
        }
        String agent = ctx.request().getHeader("user-agent");
        boolean claudeCode = ctx.request().getHeader(CLAUDE_CODE_SESSION) != null
                || (agent != null && agent.startsWith("claude-cli"));
        return claudeCode ? ClientKind.CLAUDE_CODE : ClientKind.ANTHROPIC;
    }
}
