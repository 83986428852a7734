package dev.switchboard.session.keys.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code session.api_key}: a key's hashed secret, its allowance and limits. Null limits mean none. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntity {

    @Id
    public String id;

    @Column(name = "secret_sha256")
    public String secretSha256;

    public String prefix;

    public String name;

    public String[] models;

    @Column(name = "requests_per_minute")
    public Integer requestsPerMinute;

    public Integer concurrent;

    @Column(name = "output_tokens_per_day")
    public Long outputTokensPerDay;

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean disabled;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
