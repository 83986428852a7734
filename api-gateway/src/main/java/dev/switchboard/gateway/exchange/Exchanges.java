package dev.switchboard.gateway.exchange;

import dev.switchboard.contract.Ids;
import dev.switchboard.gateway.anthropic.mapping.TokenCounter;
import dev.switchboard.gateway.config.InstanceId;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.front.JobFactory;
import dev.switchboard.gateway.pipeline.Cancels;
import dev.switchboard.gateway.pipeline.Generations;
import dev.switchboard.gateway.routing.ModelRouter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Multi-model exchanges: starts them, continues and stops them, whichever gateway runs them. The
 * gateway running an exchange holds a lease on it in Redis, renewed every second while it answers;
 * an exchange whose lease lapsed is taken over, from its state in Redis, by the gateway that the
 * user's next message reaches, or, while it was answering (its gateway died), by one whose client
 * waits for its events.
 */
@ApplicationScoped
public class Exchanges {

    private static final Logger LOG = Logger.getLogger(Exchanges.class);
    private static final Pattern EXCHANGE_ID = Pattern.compile("xchg_[A-Za-z0-9]{1,100}");
    private static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(5);

    /** What every exchange run here uses. */
    record Services(ExchangeStore store, JobFactory jobs, Generations generations, TokenCounter tokens, Cancels cancels) {
    }

    private final Services services;
    private final ModelRouter router;
    private final Cancels cancels;
    private final ExchangeConfig config;
    private final String instance;
    private final Vertx vertx;
    private final Map<String, Exchange> here = new ConcurrentHashMap<>();
    private long timer = -1;

    public Exchanges(ExchangeStore store, JobFactory jobs, Generations generations, ModelRouter router, Cancels cancels,
                     ExchangeConfig config, InstanceId instance, Vertx vertx) {
        this.services = new Services(store, jobs, generations, new TokenCounter(), cancels);
        this.router = router;
        this.cancels = cancels;
        this.config = config;
        this.instance = instance.id();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(RENEW_EVERY.toMillis(), ignored -> renew());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Whether the id names an exchange (not a single generation). */
    public static boolean isExchangeId(String id) {
        return id != null && EXCHANGE_ID.matcher(id).matches();
    }

    public ExchangeConfig config() {
        return config;
    }

    /** A new exchange, answering its opening message; its id, and the sequence its events start at. */
    public record Started(String id, long from) {
    }

    /**
     * Starts the exchange once every participant's model has a live worker.
     *
     * @param apiKeyId the key the request came with, which every turn's job carries; null without one
     * @throws GatewayError (400) naming the first participant whose model cannot be served
     */
    public Uni<Started> start(ExchangeRequest request, String apiKeyId) {
        for (int i = 0; i < request.participants().size(); i++) {
            Participant participant = request.participants().get(i);
            try {
                router.route(participant.model());
            } catch (GatewayError e) {
                throw GatewayError.invalidRequest("participants." + i + ".model: " + participant.name() + "'s model '"
                        + participant.model() + "' cannot be served: " + e.getMessage());
            }
        }
        String id = Ids.exchange();
        String conversationId = request.conversationId() != null ? request.conversationId() : "conv_" + id.substring(5);
        ExchangeState state = new ExchangeState(id, conversationId, request.mode(), request.participants(), List.of(), 0, 0,
                0, Map.of(), false, 0, apiKeyId);
        return services.store().claim(id, instance, LEASE, true).map(ignored -> {
            Exchange exchange = new Exchange(state, services);
            LOG.infof("exchange %s (%s, conversation %s): %s", id, request.mode().wire(), conversationId,
                    request.participants().stream().map(p -> p.name() + "=" + p.model()).toList());
            long from = exchange.answer(new ExchangeRequest.Continuation(request.message(), request.rounds()));
            here.put(id, exchange);
            return new Started(id, from);
        });
    }

    /**
     * The user's next message to the exchange; answers the sequence its events start at. An
     * exchange run by another live gateway is a 409; one whose gateway is gone is taken over.
     */
    public Uni<Long> answer(String id, ExchangeRequest.Continuation message) {
        Exchange local = here.get(id);
        if (local != null) {
            return Uni.createFrom().item(() -> local.answer(message));
        }
        return services.store().load(id).chain(state -> {
            if (state == null) {
                throw notKept(id);
            }
            return services.store().claim(id, instance, LEASE, !state.running()).map(claimed -> {
                if (!claimed) {
                    throw new GatewayError(GatewayError.Kind.INVALID_REQUEST, "exchange '" + id + "' is being run by "
                            + "another gateway; send the message again once its exchange_end came");
                }
                Exchange exchange = new Exchange(state, services);
                LOG.infof("exchange %s: continued here from its state in Redis (turn %d)", id, state.turns());
                long from = exchange.answer(message);
                here.put(id, exchange);
                return from;
            });
        });
    }

    /**
     * Stops the exchange wherever it runs: no further turn starts, and the running ones are
     * cancelled (their backends see the disconnect). Answers whether a turn was running.
     */
    public Uni<Boolean> cancel(String id) {
        return services.store().markCancelled(id)
                .chain(() -> services.store().load(id))
                .chain(state -> {
                    if (state == null) {
                        throw notKept(id);
                    }
                    if (state.runningJobs().isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    return Multi.createFrom().iterable(state.runningJobs().values())
                            .onItem().transformToUniAndMerge(cancels::cancel)
                            .collect().asList().map(ignored -> true);
                });
    }

    /**
     * A client follows the exchange and no event came for a while: when the exchange is answering
     * but the lease of the gateway running it lapsed (that gateway died), this gateway takes it over
     * and continues it from the next turn; the turns that were running are cancelled and end as
     * {@code interrupted}.
     */
    void idle(String id) {
        if (here.containsKey(id)) {
            return;
        }
        services.store().load(id)
                .chain(state -> state == null || !state.running() ? Uni.createFrom().<ExchangeState>nullItem()
                        : services.store().claim(id, instance, LEASE, false).map(claimed -> claimed ? state : null))
                .chain(state -> state == null ? Uni.createFrom().<ExchangeState>nullItem()
                        : services.store().lastSeq(id).map(last -> state.from(last + 1)))
                .subscribe().with(state -> {
                    if (state != null && here.get(id) == null) {
                        Exchange exchange = new Exchange(state, services);
                        here.put(id, exchange);
                        LOG.warnf("exchange %s: the gateway running it is gone; continued here from turn %d", id, state.turns() + 1);
                        exchange.takeOver(state);
                    }
                }, failure -> LOG.debugf("exchange %s: could not look for its gateway: %s", id, failure.getMessage()));
    }

    /** Whether the exchange's events are kept (it exists and has not expired). */
    public Uni<Boolean> exists(String id) {
        return services.store().exists(id);
    }

    /**
     * Fails with not found unless the caller may see the exchange: one started with its own API
     * key. The administrator and, with auth off, anyone ({@code callerKeyId} null) see them all;
     * another key's exchange reads as one that does not exist.
     */
    public Uni<Void> visibleTo(String callerKeyId, String id) {
        if (callerKeyId == null) {
            return Uni.createFrom().voidItem();
        }
        return services.store().load(id).map(state -> {
            if (state == null || !callerKeyId.equals(state.apiKeyId())) {
                throw notKept(id);
            }
            return null;
        });
    }

    private static GatewayError notKept(String id) {
        return GatewayError.notFound("no exchange '" + id + "' is kept here: it is unknown, or ended longer ago than "
                + "exchanges are kept (SWITCHBOARD_MULTI_MODEL_RETENTION)");
    }

    /** Keeps the leases of the exchanges answering here; forgets the others (their state is in Redis). */
    private void renew() {
        here.values().removeIf(exchange -> !exchange.answering());
        services.store().renew(List.copyOf(here.keySet()), instance, LEASE).subscribe().with(ignored -> { },
                failure -> LOG.debugf("could not renew the leases of %d exchanges: %s", here.size(), failure.getMessage()));
    }
}
