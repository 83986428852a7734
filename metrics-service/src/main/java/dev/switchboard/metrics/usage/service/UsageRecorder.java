package dev.switchboard.metrics.usage.service;

import dev.switchboard.metrics.usage.UsageRecord;
import dev.switchboard.metrics.usage.repository.UsageRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Stores the usage of a finished job once, and counts it in the meters only when it was new. */
@ApplicationScoped
public class UsageRecorder {

    private final UsageRepository repository;
    private final UsageMetrics metrics;

    public UsageRecorder(UsageRepository repository, UsageMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    /** Completes with true when stored now, false when the job was stored before; after the commit either way. */
    public Uni<Boolean> record(UsageRecord usage) {
        return repository.insertIfAbsent(usage).invoke(inserted -> {
            if (inserted) {
                metrics.record(usage);
            }
        });
    }
}
