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
        String apiKeyId) implements Versioned {

    /** The Kafka key: a conversation stays on one partition, so one backend keeps its prompt cache warm. */
    public String kafkaKey() {
        return conversationId != null ? conversationId : jobId;
    }
}
