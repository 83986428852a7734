package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Multi-model exchanges: starts them, continues and stops them, whichever gateway runs them. The
 * gateway answering an exchange's request is its custodian ({@link Custody}) until its last
 * {@code exchange_end}: a user's message to an exchange nobody holds makes the gateway it reached the
 * custodian; one sent while it answers waits in the exchange's inbox, and its custodian answers it
 * after the current turn. When the custodian dies, another gateway takes the exchange over within
 * about a second, clients attached or not, and continues it from its state and events in Redis from
 * the next turn: the turns that were running are cancelled, end as {@code interrupted}, and what they
 * said stays in the transcript.
 */
@ApplicationScoped
public class Exchanges implements Custody.Ward {

    private static final Logger LOG = Logger.getLogger(Exchanges.class);
    private static final Pattern EXCHANGE_ID = Pattern.compile("xchg_[A-Za-z0-9]{1,100}");

    /** What every exchange run here uses. */
    record Services(ExchangeStore store, JobFactory jobs, Generations generations, TokenCounter tokens, Cancels cancels,
                    Custody custody, Custody.Ward ward, Duration retention) {

        /**
         * The user's next message waiting for the exchange, now in hand; when none waits and
         * {@code letGoIfNone}, the exchange is let go in the same step: nobody runs it until the
         * user's next message.
         */
        Uni<Ask> next(String exchangeId, boolean letGoIfNone) {
            return custody.next(ward, exchangeId, letGoIfNone, retention).map(Ask::read);
        }

        /** This gateway stopped running the exchange midway (Redis failed): it is taken up again at the next check. */
        void lapse(String exchangeId) {
            custody.lapse(ward, exchangeId);
        }
    }

    private final Services services;
    private final ModelRouter router;
    private final Cancels cancels;
    private final Custody custody;
    private final ExchangeConfig config;

    public Exchanges(ExchangeStore store, JobFactory jobs, Generations generations, ModelRouter router, Cancels cancels,
                     Custody custody, ExchangeConfig config) {
        this.services = new Services(store, jobs, generations, new TokenCounter(), cancels, custody, this, config.retention());
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

    @Override
    public String inbox(String exchangeId) {
        return RedisKeys.exchangeInbox(exchangeId);
    }

    @Override
    public String inHand(String exchangeId) {
        return RedisKeys.exchangeRequest(exchangeId);
    }

    /** Whether the id names an exchange (not a single generation). */
    public static boolean isExchangeId(String id) {
        return id != null && EXCHANGE_ID.matcher(id).matches();
    }

    public ExchangeConfig config() {
        return config;
    }

    /**
     * A user's message accepted: the exchange, the request that answers it (its {@code exchange_start}
     * carries the id), and a sequence number at or before which none of its events are.
     */
    public record Accepted(String exchangeId, String requestId, long after) {
    }

    /**
     * Starts the exchange once every participant's model has a live worker.
     *
     * @param apiKeyId the key the request came with, which every turn's job carries; null without one
     * @throws GatewayError (400) naming the first participant whose model cannot be served
     */
    public Uni<Accepted> start(ExchangeRequest request, String apiKeyId) {
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
        Ask opening = Ask.of(new ExchangeRequest.Continuation(request.message(), request.rounds()));
        return custody.holdOrLeave(this, id, opening.json(), config.retention()).chain(held -> {
            if (!held) {
                throw GatewayError.internal("exchange id " + id + " was already taken");
            }
            Exchange exchange = new Exchange(state, services);
            LOG.infof("exchange %s (%s, conversation %s): %s", id, request.mode().wire(), conversationId,
                    request.participants().stream().map(p -> p.name() + "=" + p.model()).toList());
            Accepted accepted = new Accepted(id, opening.id(), exchange.answer(opening) - 1);
            // Answered once its state is kept: a client that re-attaches, stops or continues at once finds it.
            return exchange.written().replaceWith(accepted);
        });
    }

    /**
     * The user's next message to the exchange: answered now when the exchange is idle, after the
     * current turn when it answers (here or on another gateway).
     *
     * @throws GatewayError (404) when the exchange is not kept
     */
    public Uni<Accepted> answer(String id, ExchangeRequest.Continuation message) {
        Ask ask = Ask.of(message);
        return services.store().load(id).chain(state -> {
            if (state == null) {
                return Uni.createFrom().failure(notKept(id));
            }
            return custody.holdOrLeave(this, id, ask.json(), config.retention()).chain(held -> {
                if (!held) {
                    LOG.debugf("exchange %s: message %s waits for the current turn", id, ask.id());
                    return Uni.createFrom().item(new Accepted(id, ask.id(), state.nextSeq() - 1));
                }
                return services.store().last(id)
                        .map(last -> new Accepted(id, ask.id(), new Exchange(state.from(last == null ? 0 : last.seq() + 1), services)
                                .answer(ask) - 1))
                        // The message is in hand: the check takes the exchange up again and answers it.
                        .onFailure().invoke(() -> services.lapse(id));
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
     * The exchange's gateway died while it answered: this gateway continues it, from the next turn,
     * then answers the user's messages that wait. One whose requests were all answered is let go.
     */
    @Override
    public void takenOver(String id, String from, Response kept) {
        ExchangeState state;
        try {
            state = Json.mapper().readValue(kept.toString(), ExchangeState.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("exchange %s: its kept state cannot be read, so nobody can continue it: %s", id, e.getMessage());
            custody.letGo(this, id);
            return;
        }
        Uni.combine().all().unis(services.store().events(id), services.store().inHand(id)).asTuple().subscribe().with(found -> {
            List<ExchangeStore.Entry> events = found.getItem1();
            if (events.isEmpty()) {
                custody.letGo(this, id);
                return;
            }
            ExchangeStore.Entry last = events.getLast();
            Told told = Told.from(events);
            Ask inHand = found.getItem2();
            // Taken up by the dead gateway, never started: answered here.
            Ask notStarted = inHand != null && !inHand.id().equals(told.request()) ? inHand : null;
            LOG.warnf("exchange %s: its gateway %s is gone; continued here from turn %d", id, from, state.turns() + 1);
            new Exchange(state.from(last.seq() + 1), services, told.request())
                    .takeOver(state, told.cut(state.runningJobs().keySet()), last.event().equals("exchange_end"), notStarted);
        }, failure -> {
            LOG.debugf("exchange %s: could not read its events to continue it: %s", id, failure.getMessage());
            custody.lapse(this, id);
        });
    }

    /** What an exchange's events tell: its last request, and what each turn said by whom. */
    private record Told(String request, Map<Integer, String> speakers, Map<Integer, StringBuilder> texts) {

        static Told from(List<ExchangeStore.Entry> events) {
            String request = null;
            Map<Integer, String> speakers = new HashMap<>();
            Map<Integer, StringBuilder> texts = new HashMap<>();
            for (ExchangeStore.Entry entry : events) {
                switch (entry.event()) {
                    case "exchange_start", "turn_start", "content_block_delta" -> {
                        JsonNode data = entry.json();
                        switch (entry.event()) {
                            case "exchange_start" -> request = data.path("request_id").asText(null);
                            case "turn_start" -> speakers.put(data.path("turn").asInt(), data.path("name").asText());
                            default -> {
                                if ("text_delta".equals(data.path("delta").path("type").asText())) {
                                    texts.computeIfAbsent(data.path("turn").asInt(), ignored -> new StringBuilder())
                                            .append(data.path("delta").path("text").asText());
                                }
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            return new Told(request, speakers, texts);
        }

        /** What the turns said, by turn, for those that said something. */
        Map<Integer, Said> cut(Set<Integer> turns) {
            Map<Integer, Said> cut = new HashMap<>();
            for (int turn : turns) {
                String text = texts.getOrDefault(turn, new StringBuilder()).toString().strip();
                if (speakers.containsKey(turn) && !text.isEmpty()) {
                    cut.put(turn, new Said(speakers.get(turn), text));
                }
            }
            return cut;
        }
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

}
