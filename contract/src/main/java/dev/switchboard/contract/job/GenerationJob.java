package dev.switchboard.contract.job;

import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.chat.ChatRequest;

import java.time.Instant;

/**
 * A generation to run, published by the gateway on {@code llm.jobs.<pool>}.
 *
 * @param jobId          unique id; the client sees it as the message id
 * @param conversationId the conversation the job belongs to, or null when unknown
 * @param clientKind     who asked
 * @param requestedModel the model name the client sent
 * @param model          the backend's model name it resolved to
 * @param pool           the worker pool that runs it
 * @param replyChannel   the Redis channel of the gateway instance waiting for the events
 * @param createdAt      when the gateway accepted the request
 * @param deadline       after this the client has given up; a worker drops the job
 * @param request        what to generate
 * @param apiKeyId       the API key the client used, or null
 * @param resumable      whether the generation outlives its client: its events are kept for a
 *                       while so that any gateway can replay them, and a client that hangs up does
 *                       not cancel it (see {@code RedisKeys.jobEvents})
 * @param exchange       the turn of a multi-model exchange this job is, or null
 */
public record GenerationJob(
        int schemaVersion,
        String jobId,
        String conversationId,
        ClientKind clientKind,
        String requestedModel,
        String model,
        String pool,
        String replyChannel,
        Instant createdAt,
        Instant deadline,
        ChatRequest request,
        String apiKeyId,
        boolean resumable,
        ExchangeTurn exchange) implements Versioned {

    /** A job that is no turn of an exchange. */
    public GenerationJob(int schemaVersion, String jobId, String conversationId, ClientKind clientKind,
                         String requestedModel, String model, String pool, String replyChannel, Instant createdAt,
                         Instant deadline, ChatRequest request, String apiKeyId, boolean resumable) {
        this(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool, replyChannel, createdAt,
                deadline, request, apiKeyId, resumable, null);
    }

    /** A job that is not resumable: its client hanging up cancels it. */
    public GenerationJob(int schemaVersion, String jobId, String conversationId, ClientKind clientKind,
                         String requestedModel, String model, String pool, String replyChannel, Instant createdAt,
                         Instant deadline, ChatRequest request, String apiKeyId) {
        this(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool, replyChannel, createdAt,
                deadline, request, apiKeyId, false);
    }

    /** The same job asking for another generation. */
    public GenerationJob withRequest(ChatRequest other) {
        return new GenerationJob(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool,
                replyChannel, createdAt, deadline, other, apiKeyId, resumable, exchange);
    }

    /**
     * The same job as a turn of a multi-model exchange: resumable, since the exchange listens to it,
     * not a client, and must not lose it when its client hangs up.
     */
    public GenerationJob asTurn(ExchangeTurn turn) {
        return new GenerationJob(schemaVersion, jobId, conversationId, clientKind, requestedModel, model, pool,
                replyChannel, createdAt, deadline, request, apiKeyId, true, turn);
    }

    /** The Kafka key: a conversation stays on one partition, so one backend keeps its prompt cache warm. */
    public String kafkaKey() {
        return conversationId != null ? conversationId : jobId;
    }
}
