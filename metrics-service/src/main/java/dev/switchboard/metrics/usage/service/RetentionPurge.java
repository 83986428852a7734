package dev.switchboard.metrics.usage.service;

import dev.switchboard.metrics.config.RetentionConfig;
import dev.switchboard.metrics.usage.repository.UsageRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Deletes usage records older than the retention, batch by batch, on a schedule. */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final UsageRepository repository;
    private final RetentionConfig config;

    public RetentionPurge(UsageRepository repository, RetentionConfig config) {
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(identity = "usage-retention-purge", every = "${switchboard.metrics.retention.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return purge()
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("deleted %d usage records older than %s", deleted, config.maxAge());
                    }
                })
                // The next run tries again; a database that is down is reported by the readiness check.
                .onFailure().invoke(failure -> LOG.warnf("usage retention purge failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes every record that finished longer ago than the retention; tells how many went. */
    public Uni<Long> purge() {
        return deleteBatches(Instant.now().minus(config.maxAge()), 0);
    }

    private Uni<Long> deleteBatches(Instant cutoff, long deletedSoFar) {
        return repository.deleteFinishedBefore(cutoff, config.batchSize()).chain(deleted -> deleted < config.batchSize()
                ? Uni.createFrom().item(deletedSoFar + deleted)
                : deleteBatches(cutoff, deletedSoFar + deleted));
    }
}
