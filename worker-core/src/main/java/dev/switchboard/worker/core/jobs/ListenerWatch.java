package dev.switchboard.worker.core.jobs;

import dev.switchboard.messaging.Presence;
import dev.switchboard.worker.core.config.WorkerConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancels the jobs nobody listens to any more. A gateway subscribes to its reply channel for as
 * long as it lives; when it dies, its clients are gone too, and a generation for them would only
 * keep the backend busy. Every second the worker asks Redis how many subscribers each running
 * job's reply channel has, and cancels a job whose channel had none for the whole grace period.
 */
@ApplicationScoped
public class ListenerWatch {

    private static final Logger LOG = Logger.getLogger(ListenerWatch.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RunningJobs running;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final Duration grace;
    private final Map<String, Instant> unheardSince = new ConcurrentHashMap<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private long timer = -1;

    public ListenerWatch(RunningJobs running, ReactiveRedisDataSource redis, Vertx vertx, WorkerConfig config) {
        this.running = running;
        this.redis = redis;
        this.vertx = vertx;
        this.grace = config.listenerGrace();
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(CHECK_INTERVAL.toMillis(), ignored -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void check() {
        Collection<JobRun> runs = running.all();
        unheardSince.keySet().retainAll(runs.stream().map(run -> run.job().jobId()).toList());
        if (runs.isEmpty() || !checking.compareAndSet(false, true)) {
            return;
        }
        List<String> channels = runs.stream().map(run -> run.job().replyChannel()).distinct().toList();
        Presence.subscribers(redis, channels)
                .eventually(() -> checking.set(false))
                .subscribe().with(counts -> judge(runs, counts),
                        failure -> LOG.debugf("could not count reply channel subscribers: %s", failure.getMessage()));
    }

    private void judge(Collection<JobRun> runs, Map<String, Long> subscribers) {
        Instant now = Instant.now();
        for (JobRun run : runs) {
            String jobId = run.job().jobId();
            if (subscribers.getOrDefault(run.job().replyChannel(), 0L) > 0) {
                unheardSince.remove(jobId);
                continue;
            }
            Instant since = unheardSince.computeIfAbsent(jobId, ignored -> now);
            if (!now.isBefore(since.plus(grace)) && running.cancel(jobId, "no gateway listens for its answer any more")) {
                unheardSince.remove(jobId);
                LOG.infof("job %s cancelled: nobody has listened on %s for %d ms", jobId, run.job().replyChannel(),
                        Duration.between(since, now).toMillis());
            }
        }
    }
}
