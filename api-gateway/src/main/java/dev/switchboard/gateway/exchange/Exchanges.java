package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.anthropic.mapping.TokenCounter;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.front.JobFactory;
import dev.switchboard.gateway.pipeline.Cancels;
import dev.switchboard.gateway.pipeline.Custody;
import dev.switchboard.gateway.pipeline.Generations;
import dev.switchboard.gateway.routing.ModelRouter;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Multi-model exchanges: starts them, continues and stops them, whichever gateway runs them. The
 * gateway answering an exchange's request is its custodian ({@link Custody}) until its
 * {@code exchange_end}: a user's message reaches an exchange nobody holds, or is refused (409) while
 * it answers. When the custodian dies, another gateway takes the exchange over within about a
 * second, clients attached or not, and continues it from its state in Redis from the next turn; the
 * turns that were running are cancelled and end as {@code interrupted}.
 */
@ApplicationScoped
public class Exchanges implements Custody.Ward {

    private static final Logger LOG = Logger.getLogger(Exchanges.class);
    private static final Pattern EXCHANGE_ID = Pattern.compile("xchg_[A-Za-z0-9]{1,100}");

    /** What every exchange run here uses. */
    record Services(ExchangeStore store, JobFactory jobs, Generations generations, TokenCounter tokens, Cancels cancels,
                    Custody custody, Custody.Ward ward) {

        /** The exchange's request was answered: nobody runs it until the user's next message. */
        void letGo(String exchangeId) {
            custody.letGo(ward, exchangeId);
        }
    }

    private final Services services;
    private final ModelRouter router;
    private final Cancels cancels;
    private final Custody custody;
    private final ExchangeConfig config;

    public Exchanges(ExchangeStore store, JobFactory jobs, Generations generations, ModelRouter router, Cancels cancels,
                     Custody custody, ExchangeConfig config) {
        this.services = new Services(store, jobs, generations, new TokenCounter(), cancels, custody, this);
        this.router = router;
        this.cancels = cancels;
        this.custody = custody;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        custody.watch(this);
    }

    @Override
    public String custodians() {
        return RedisKeys.exchangeCustodians();
    }

    @Override
    public String kept(String exchangeId) {
        return RedisKeys.exchangeState(exchangeId);
    }

    @Override
    public boolean keptOnlyInCustody() {
        return false;
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
        return custody.hold(this, id, null, null).map(held -> {
            if (!held) {
                throw stillAnswering(id);
            }
            Exchange exchange = new Exchange(state, services);
            LOG.infof("exchange %s (%s, conversation %s): %s", id, request.mode().wire(), conversationId,
                    request.participants().stream().map(p -> p.name() + "=" + p.model()).toList());
            return new Started(id, exchange.answer(new ExchangeRequest.Continuation(request.message(), request.rounds())));
        });
    }

    /**
     * The user's next message to the exchange; answers the sequence its events start at.
     *
     * @throws GatewayError (409) while the exchange is answering, here or on another gateway; (404)
     *                      when it is not kept
     */
    public Uni<Long> answer(String id, ExchangeRequest.Continuation message) {
        return custody.hold(this, id, null, null).chain(held -> {
            if (!held) {
                throw stillAnswering(id);
            }
            return services.store().load(id)
                    .chain(state -> state == null ? Uni.createFrom().<Long>failure(notKept(id))
                            : services.store().last(id).map(last -> new Exchange(state.from(last == null ? 0 : last.seq() + 1), services)
                            .answer(message)))
                    .onFailure().invoke(() -> services.letGo(id));
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
     * The exchange's gateway died while it answered: this gateway continues it, from the next turn.
     * One whose request was answered (its last event is {@code exchange_end}) is let go.
     */
    @Override
    public void takenOver(String id, String from, Response kept) {
        ExchangeState state;
        try {
            state = Json.mapper().readValue(kept.toString(), ExchangeState.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("exchange %s: its kept state cannot be read, so nobody can continue it: %s", id, e.getMessage());
            services.letGo(id);
            return;
        }
        services.store().last(id).subscribe().with(last -> {
            if (last == null || last.event().equals("exchange_end")) {
                services.letGo(id);
                return;
            }
            LOG.warnf("exchange %s: its gateway %s is gone; continued here from turn %d", id, from, state.turns() + 1);
            new Exchange(state.from(last.seq() + 1), services).takeOver(state);
        }, failure -> {
            LOG.debugf("exchange %s: could not read its events to continue it: %s", id, failure.getMessage());
            custody.lapse(this, id);
        });
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

    private static GatewayError stillAnswering(String id) {
        return GatewayError.conflict("exchange '" + id + "' is still answering; stop it (POST /api/chat/cancel/" + id
                + ") or wait for its exchange_end, then send the message again");
    }
}
