package dev.switchboard.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gateway needs to decide on a request with a key, as session-service's mirror view says it
 * and as it is copied into Redis. Null limits mean none; empty models mean every model.
 */
public record KeyRecord(String id, String secretSha256, List<String> models, Integer requestsPerMinute, Integer concurrent,
                        Long outputTokensPerDay, Instant expiresAt, boolean disabled) {

    /** Reads session-service's view of a key; the hash is given apart when the view has none (the answer to a create). */
    public static KeyRecord fromJson(JsonNode json, String secretSha256) {
        List<String> models = new ArrayList<>();
        json.path("models").forEach(model -> models.add(model.asText()));
        JsonNode limits = json.path("limits");
        return new KeyRecord(json.path("id").asText(), secretSha256 != null ? secretSha256 : json.path("secret_sha256").asText(),
                List.copyOf(models),
                limits.hasNonNull("requests_per_minute") ? limits.get("requests_per_minute").intValue() : null,
                limits.hasNonNull("concurrent") ? limits.get("concurrent").intValue() : null,
                limits.hasNonNull("output_tokens_per_day") ? limits.get("output_tokens_per_day").longValue() : null,
                json.hasNonNull("expires_at") ? Instant.parse(json.get("expires_at").asText()) : null,
                json.path("disabled").asBoolean(false));
    }
}
