package dev.switchboard.messaging;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Redis pub/sub subscription that stays. Redis forgets its subscribers when it restarts, and the
 * client does not tell: the subscription goes quiet. So every check interval this counts the
 * channel's subscribers ({@code PUBSUB NUMSUB}); with none, it subscribes again. The channel must be
 * this process's own. While Redis cannot be asked twice in a row, or the subscription is gone, it is
 * not live, and {@code onLost} is told once per loss: messages sent meanwhile are lost for good.
 */
public final class KeptSubscription {

    private static final Logger LOG = Logger.getLogger(KeptSubscription.class);
    /** A check that gets no answer in this time counts as failed. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    private static final int FAILED_CHECKS_FOR_LOSS = 2;

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String channel;
    private final Consumer<String> handler;
    private final Duration checkEvery;
    private final Runnable onLost;
    private volatile boolean live;
    private volatile ReactiveRedisSubscriber subscriber;
    private boolean subscribing;
    private boolean checking;
    private int failedChecks;
    private long timer = -1;

    public KeptSubscription(ReactiveRedisDataSource redis, Vertx vertx, String channel, Consumer<String> handler,
                            Duration checkEvery, Runnable onLost) {
        this.redis = redis;
        this.vertx = vertx;
        this.channel = channel;
        this.handler = handler;
        this.checkEvery = checkEvery;
        this.onLost = onLost;
    }

    /** Subscribes, and keeps the subscription from then on. */
    public synchronized void start() {
        subscribe();
        timer = vertx.setPeriodic(checkEvery.toMillis(), ignored -> check());
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    /** Whether messages on the channel reach the handler now. */
    public boolean isLive() {
        return live;
    }

    public String channel() {
        return channel;
    }

    private synchronized void subscribe() {
        if (subscribing) {
            return;
        }
        subscribing = true;
        ReactiveRedisSubscriber old = subscriber;
        if (old != null) {
            // Its connection may be dead or its channel forgotten; let it go either way.
            old.unsubscribe().subscribe().with(ignored -> { }, failure -> { });
        }
        redis.pubsub(String.class).subscribe(channel, handler).subscribe().with(
                fresh -> subscribed(fresh, null),
                failure -> subscribed(null, failure));
    }

    private synchronized void subscribed(ReactiveRedisSubscriber fresh, Throwable failure) {
        subscribing = false;
        if (failure != null) {
            LOG.warnf("cannot subscribe to %s: %s; trying again in %d ms", channel, failure.getMessage(), checkEvery.toMillis());
            return;
        }
        subscriber = fresh;
        boolean wasLive = live;
        live = true;
        failedChecks = 0;
        LOG.infof("%s %s", wasLive ? "listening again on" : "listening on", channel);
    }

    private synchronized void check() {
        if (checking || subscribing) {
            return;
        }
        checking = true;
        Presence.subscribers(redis, List.of(channel))
                .ifNoItem().after(CHECK_TIMEOUT).fail()
                .subscribe().with(this::counted, this::uncounted);
    }

    private synchronized void counted(Map<String, Long> counts) {
        checking = false;
        if (counts.getOrDefault(channel, 0L) > 0) {
            failedChecks = 0;
            return;
        }
        LOG.warnf("nobody is subscribed to %s any more (Redis restarted?); subscribing again", channel);
        lost();
        subscribe();
    }

    private synchronized void uncounted(Throwable failure) {
        checking = false;
        failedChecks++;
        LOG.debugf("could not count the subscribers of %s: %s", channel, failure.getMessage());
        if (failedChecks >= FAILED_CHECKS_FOR_LOSS) {
            lost();
        }
    }

    private void lost() {
        if (live) {
            live = false;
            LOG.warnf("the subscription to %s is lost: Redis is not reachable or forgot it", channel);
            onLost.run();
        }
    }
}
