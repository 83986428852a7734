package dev.switchboard.gateway.pipeline;

import dev.switchboard.messaging.JobState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resumable generations that clients of this gateway are attached to: for each, a lease in
 * Redis that this gateway renews every second while one of its clients is attached. A worker
 * cancels a resumable generation only when no gateway has renewed its lease for the unattended
 * grace; a gateway that dies stops renewing, and its clients' generations run on for that long.
 */
@ApplicationScoped
public class Attachments {

    private static final Logger LOG = Logger.getLogger(Attachments.class);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    /** A few renewals long, so that one slow round trip does not let it lapse. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final JobState state;
    private final Vertx vertx;
    private final Map<String, Integer> clients = new ConcurrentHashMap<>();
    private long timer = -1;

    public Attachments(ReactiveRedisDataSource redis, Vertx vertx) {
        this.state = new JobState(redis);
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(RENEW_EVERY.toMillis(), ignored -> renew(List.copyOf(clients.keySet())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** A client of this gateway attached to the generation; its lease is written at once. */
    void attach(String jobId) {
        if (clients.merge(jobId, 1, Integer::sum) == 1) {
            renew(List.of(jobId));
        }
    }

    /** A client detached; the lease lapses when none is left here (unless another gateway renews it). */
    void detach(String jobId) {
        clients.computeIfPresent(jobId, (ignored, count) -> count > 1 ? count - 1 : null);
    }

    private void renew(List<String> jobIds) {
        state.attached(jobIds, LEASE).subscribe().with(ignored -> { },
                failure -> LOG.debugf("could not renew the attachments of %d generations: %s", jobIds.size(), failure.getMessage()));
    }
}
