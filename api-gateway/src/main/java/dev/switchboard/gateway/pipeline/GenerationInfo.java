package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.json.Json;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a gateway needs, besides its events, to render a resumable generation again for a client
 * that re-attaches, whichever gateway it comes through: kept as the first entry of the
 * generation's events.
 *
 * @param model          the model name the client asked for, as the answer names it
 * @param inputTokens    the estimate of the prompt's tokens the answer started with
 * @param conversationId the conversation it belongs to, or null
 * @param createdAt      when the gateway accepted it
 */
public record GenerationInfo(String model, int inputTokens, String conversationId, Instant createdAt) {

    String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GenerationInfo fromJson(String json) {
        try {
            return Json.mapper().readValue(json, GenerationInfo.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
