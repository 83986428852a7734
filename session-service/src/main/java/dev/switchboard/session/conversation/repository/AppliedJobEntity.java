package dev.switchboard.session.conversation.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code session.applied_job}: a completion whose turn is stored. */
@Entity
@Table(name = "applied_job")
public class AppliedJobEntity {

    @Id
    @Column(name = "job_id")
    public String jobId;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "applied_at")
    public Instant appliedAt;
}
