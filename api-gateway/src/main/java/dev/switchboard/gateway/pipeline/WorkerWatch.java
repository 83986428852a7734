package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.config.InstanceId;
import dev.switchboard.messaging.OneRoundAtATime;
import dev.switchboard.messaging.Presence;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells each job this gateway is answering when the worker running it is gone. Every check
 * interval (250 ms by default) one round trip reads, for every watched worker, whether its control
 * channel still has a subscriber and whether its status key is still there; {@link WorkerLiveness}
 * judges. A worker process that dies is noticed at the next check, well within a second; one that
 * lives but lost Redis within the status lifetime and a second.
 *
 * <p>Invariant: a job is told at most once per watch; it watches again when another worker starts it.
 */
@ApplicationScoped
public class WorkerWatch {

    /** A job whose worker is watched. */
    public interface Watcher {

        /** Called once, on an event loop, when the worker is judged gone. */
        void workerGone();
    }

    private static final Logger LOG = Logger.getLogger(WorkerWatch.class);
    /** A worker whose status is missing this long is gone even while its subscription stays. */
    private static final Duration STATUS_GRACE = Duration.ofSeconds(1);
    /**
     * After Redis forgot its subscribers, workers subscribe again within their own check interval
     * (1 s); until then a missing subscription says nothing.
     */
    private static final Duration RESUBSCRIBE_GRACE = Duration.ofSeconds(3);

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final Duration checkEvery;
    private final String ownChannel;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private final Map<String, Instant> statusMissingSince = new ConcurrentHashMap<>();
    private final OneRoundAtATime checks = new OneRoundAtATime(Duration.ofSeconds(10));
    private volatile Instant presenceTrustedFrom = Instant.MIN;
    private long timer = -1;

    private record Watched(String workerId, Watcher watcher) {
    }

    public WorkerWatch(ReactiveRedisDataSource redis, Vertx vertx, GatewayConfig config, InstanceId instance) {
        this.redis = redis;
        this.vertx = vertx;
        this.checkEvery = config.workerCheck();
        this.ownChannel = RedisKeys.replyChannel(instance.id());
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(checkEvery.toMillis(), ignored -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Watches the worker that started the job, instead of any it watched before for that job. */
    public void watch(String jobId, String workerId, Watcher watcher) {
        watched.put(jobId, new Watched(workerId, watcher));
    }

    public void unwatch(String jobId) {
        watched.remove(jobId);
    }

    /** Redis has forgotten its subscribers (it restarted): for a while, only status keys tell. */
    public void subscribersForgotten() {
        presenceTrustedFrom = Instant.now().plus(RESUBSCRIBE_GRACE);
    }

    private void check() {
        if (watched.isEmpty()) {
            statusMissingSince.clear();
            return;
        }
        List<String> workers = watched.values().stream().map(Watched::workerId).distinct().toList();
        checks.run(() -> Uni.combine().all().unis(
                                Presence.of(redis, ownChannel, workers.stream().map(RedisKeys::controlChannel).toList()),
                                redis.value(String.class).mget(workers.stream().map(RedisKeys::workerStatus).toArray(String[]::new)))
                        .asTuple(),
                seen -> judge(workers, seen.getItem1(), seen.getItem2()),
                failure -> LOG.debugf("could not check the workers of running jobs: %s", failure.getMessage()));
    }

    private void judge(List<String> workers, Presence.Counts presence, Map<String, String> statuses) {
        Instant now = Instant.now();
        if (!presence.trustworthy()) {
            subscribersForgotten();
        }
        boolean presenceTrusted = presence.trustworthy() && !now.isBefore(presenceTrustedFrom);
        statusMissingSince.keySet().retainAll(workers);
        Map<String, String> gone = new HashMap<>();
        for (String worker : workers) {
            if (statuses.get(RedisKeys.workerStatus(worker)) != null) {
                statusMissingSince.remove(worker);
            } else {
                statusMissingSince.putIfAbsent(worker, now);
            }
            boolean subscribed = presence.present(RedisKeys.controlChannel(worker));
            if (WorkerLiveness.gone(presenceTrusted, subscribed, statusMissingSince.get(worker), now, STATUS_GRACE)) {
                gone.put(worker, presenceTrusted && !subscribed ? "its connection to Redis closed" : "its status expired");
            }
        }
        watched.forEach((jobId, job) -> {
            String why = gone.get(job.workerId());
            if (why != null && watched.remove(jobId, job)) {
                LOG.warnf("job %s: its worker %s is gone: %s", jobId, job.workerId(), why);
                job.watcher().workerGone();
            }
        });
    }
}
