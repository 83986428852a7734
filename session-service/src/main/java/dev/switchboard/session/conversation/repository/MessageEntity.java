package dev.switchboard.session.conversation.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** A row of {@code session.message}. */
@Entity
@Table(name = "message")
public class MessageEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_id")
    public String conversationId;

    public int position;

    public String role;

    /**
     * The contract's JSON of the content blocks, kept as text on this side: the reactive client's
     * own JSON mapping takes objects only (the content is an array), and it would send a String
     * bound to a jsonb parameter as a JSON string; bound as text, PostgreSQL parses it.
     */
    @ColumnTransformer(read = "content::text", write = "cast(cast(? as text) as jsonb)")
    public String content;

    public String text;

    public String fingerprint;

    public String model;

    /** The participant of a multi-model exchange who said it, or null. */
    public String speaker;

    @Column(name = "job_id")
    public String jobId;

    @Column(name = "input_tokens")
    public Integer inputTokens;

    @Column(name = "cached_input_tokens")
    public Integer cachedInputTokens;

    @Column(name = "output_tokens")
    public Integer outputTokens;

    @Column(name = "stop_reason")
    public String stopReason;

    public boolean partial;

    @Column(name = "error_type")
    public String errorType;

    @Column(name = "error_message")
    public String errorMessage;

    public boolean superseded;

    @Column(name = "created_at")
    public Instant createdAt;
}
