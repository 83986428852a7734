package dev.switchboard.worker.core.jobs;

import dev.switchboard.messaging.JobState;
import dev.switchboard.messaging.Presence;
import dev.switchboard.worker.core.config.ReplayConfig;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.messaging.OneRoundAtATime;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels the jobs nobody listens to any more. A gateway subscribes to its reply channel for as
 * long as it lives; when it dies, its clients are gone too, and a generation for them would only
 * keep the backend busy. Every second the worker asks Redis how many subscribers each running
 * job's reply channel has, and cancels a job whose channel had none for the whole grace period.
 * A resumable job outlives its gateway: it is cancelled only when no client has been attached to
 * it, through any gateway, for the unattended grace.
 */
@ApplicationScoped
public class ListenerWatch {

    private static final Logger LOG = Logger.getLogger(ListenerWatch.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RunningJobs running;
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final JobState state;
    private final Duration grace;
    private final Duration unattendedGrace;
    private final Map<String, Instant> unheardSince = new ConcurrentHashMap<>();
    private final OneRoundAtATime checks = new OneRoundAtATime(Duration.ofSeconds(10));
    private long timer = -1;

    public ListenerWatch(RunningJobs running, ReactiveRedisDataSource redis, Vertx vertx, WorkerConfig config,
                         ReplayConfig replay) {
        this.running = running;
        this.redis = redis;
        this.state = new JobState(redis);
        this.vertx = vertx;
        this.grace = config.listenerGrace();
        this.unattendedGrace = replay.unattendedGrace();
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
        if (runs.isEmpty()) {
            return;
        }
        List<String> channels = runs.stream().filter(run -> !run.job().resumable())
                .map(run -> run.job().replyChannel()).distinct().toList();
        List<String> resumable = runs.stream().filter(run -> run.job().resumable()).map(run -> run.job().jobId()).toList();
        checks.run(() -> Uni.combine().all().unis(Presence.subscribers(redis, channels), state.attachedAmong(resumable)).asTuple(),
                seen -> judge(runs, seen.getItem1(), seen.getItem2()),
                failure -> LOG.debugf("could not check who listens to the running jobs: %s", failure.getMessage()));
    }

    private void judge(Collection<JobRun> runs, Map<String, Long> subscribers, Set<String> attached) {
        Instant now = Instant.now();
        for (JobRun run : runs) {
            String jobId = run.job().jobId();
            boolean resumable = run.job().resumable();
            if (resumable ? attached.contains(jobId) : subscribers.getOrDefault(run.job().replyChannel(), 0L) > 0) {
                unheardSince.remove(jobId);
                continue;
            }
            Instant since = unheardSince.computeIfAbsent(jobId, ignored -> now);
            Duration allowed = resumable ? unattendedGrace : grace;
            String why = resumable ? "no client has been attached to it for " + allowed.toSeconds() + " s"
                    : "no gateway listens for its answer any more";
            if (!now.isBefore(since.plus(allowed)) && running.cancel(jobId, why)) {
                unheardSince.remove(jobId);
                LOG.infof("job %s cancelled: %s (%d ms)", jobId, why, Duration.between(since, now).toMillis());
            }
        }
    }
}
