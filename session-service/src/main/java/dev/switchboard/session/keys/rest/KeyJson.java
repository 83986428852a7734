package dev.switchboard.session.keys.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.session.keys.repository.ApiKeyEntity;

import java.time.Instant;
import java.util.List;

/** What the key API answers. A key's hash appears only in the mirror view, which the gateway alone reads. */
final class KeyJson {

    private KeyJson() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LimitsView(@JsonProperty("requests_per_minute") Integer requestsPerMinute,
                      Integer concurrent,
                      @JsonProperty("output_tokens_per_day") Long outputTokensPerDay) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record KeyView(String id, String prefix, String name, List<String> models, LimitsView limits,
                   @JsonProperty("expires_at") Instant expiresAt, boolean disabled,
                   @JsonProperty("created_at") Instant createdAt, @JsonProperty("revoked_at") Instant revokedAt) {
    }

    /** What every gateway needs to decide on a request: the key, found by its secret's hash. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MirrorView(String id, @JsonProperty("secret_sha256") String secretSha256, List<String> models,
                      LimitsView limits, @JsonProperty("expires_at") Instant expiresAt, boolean disabled) {
    }

    static KeyView of(ApiKeyEntity row) {
        return new KeyView(row.id, row.prefix, row.name, List.of(row.models), limits(row), row.expiresAt, row.disabled,
                row.createdAt, row.revokedAt);
    }

    static MirrorView mirror(ApiKeyEntity row) {
        return new MirrorView(row.id, row.secretSha256, List.of(row.models), limits(row), row.expiresAt, row.disabled);
    }

    private static LimitsView limits(ApiKeyEntity row) {
        return new LimitsView(row.requestsPerMinute, row.concurrent, row.outputTokensPerDay);
    }
}
