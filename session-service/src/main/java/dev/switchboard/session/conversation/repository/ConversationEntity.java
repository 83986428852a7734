package dev.switchboard.session.conversation.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A row of {@code session.conversation}; the schema is Flyway's (db/migration). */
@Entity
@Table(name = "conversation")
public class ConversationEntity {

    @Id
    public String id;

    public String title;

    @Column(name = "title_set_by_user")
    public boolean titleSetByUser;

    public String source;

    /** The API key whose requests made the conversation; null without one. */
    @Column(name = "api_key_id")
    public String apiKeyId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] models;

    public boolean archived;

    @Column(name = "input_tokens")
    public long inputTokens;

    @Column(name = "cached_input_tokens")
    public long cachedInputTokens;

    @Column(name = "output_tokens")
    public long outputTokens;

    @Column(name = "message_count")
    public int messageCount;

    @Column(name = "next_position")
    public int nextPosition;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
