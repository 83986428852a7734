package dev.switchboard.metrics.usage;

import java.time.Instant;

/**
 * Which usage records to list; a null field does not narrow.
 *
 * @param from records that finished at or after this
 * @param to   records that finished before this
 */
public record UsageQuery(Instant from, Instant to, String model, String conversationId, String apiKeyId) {
}
