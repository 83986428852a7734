package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.ExchangeTurn;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.anthropic.mapping.AnthropicErrorTypes;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.anthropic.mapping.SseEvent;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.pipeline.GenerationInfo;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One exchange run by this gateway: it starts each turn as an ordinary resumable job, renders the
 * turn's events as {@code /v1/messages} streams them (each tagged with its turn), and appends them,
 * between {@code exchange_start}, {@code turn_start}, {@code turn_end} and {@code exchange_end}, to the
 * exchange's events stream in Redis, which every client follows. Its state goes to Redis at every
 * turn's start and end.
 *
 * <p>The user's messages sent while it answers wait in the exchange's inbox ({@link Custody}): after
 * each turn of a request the next one is taken up, which ends the request ({@code exchange_end},
 * {@code new_message}) and starts its own. When the last request ends, the exchange is let go in
 * the same step that finds the inbox empty.
 *
 * <p>Invariants: events get gapless sequence numbers in the order they are appended, and are
 * appended in that order; a request ({@code exchange_start}) ends with exactly one
 * {@code exchange_end}; a turn is started only when no stop was asked for before it (see
 * {@link #launch}).
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A running turn: whose, its job, and what it said so far. */
    private record Running(int turn, Participant speaker, String jobId, AnthropicStreamRenderer renderer,
                           StringBuilder text) {
    }

    private final String id;
    private final String conversationId;
    private final String apiKeyId;
    private final ExchangeMode mode;
    private final List<Participant> participants;
    private final List<Said> transcript;
    private final Map<Integer, Running> running = new TreeMap<>();
    private final Exchanges.Services services;
    private final EventLog log;
    private int turns;
    private int nextSpeaker;
    private int remaining;
    private boolean answering;
    /** The request being answered (the id its {@code exchange_start} carries). */
    private String requestId;
    /** How many turns of the current request were started. */
    private int turnsOfRequest;
    /** The inbox was looked at since the last turn ended; what it held, if anything, is {@link #waiting}. */
    private boolean inboxRead;
    /** A user's message taken up, answered once no turn runs. */
    private Ask waiting;
    /** The inbox is being read. */
    private boolean reading;
    /** The first failure of the current request, ending it once no turn runs. */
    private ObjectNode failure;
    private boolean stopped;

    Exchange(ExchangeState state, Exchanges.Services services, String requestId) {
        this(state, services);
        this.requestId = requestId;
    }

    Exchange(ExchangeState state, Exchanges.Services services) {
        this.id = state.id();
        this.conversationId = state.conversationId();
        this.apiKeyId = state.apiKeyId();
        this.mode = state.mode();
        this.participants = List.copyOf(state.participants());
        this.transcript = new ArrayList<>(state.transcript());
        this.turns = state.turns();
        this.nextSpeaker = state.nextSpeaker();
        this.remaining = state.remaining();
        this.services = services;
        this.log = new EventLog(id, state.nextSeq(), services.store());
    }

    /**
     * Answers the user's message: {@code rounds} rounds in a conversation, one answer of each
     * participant side by side; a message marked stopped is answered by its {@code exchange_end}
     * at once. Answers the sequence number of the request's {@code exchange_start}. Called on an
     * exchange that is not answering, this gateway its custodian with the message in hand.
     */
    synchronized long answer(Ask ask) {
        long start = log.nextSeq();
        requestId = ask.id();
        turnsOfRequest = 0;
        inboxRead = false;
        stopped = ask.cancelled();
        failure = null;
        remaining = ask.cancelled() ? 0 : mode == ExchangeMode.CONVERSATION ? ask.rounds() * participants.size() : participants.size();
        answering = true;
        if (!ask.cancelled()) {
            transcript.add(Said.user(ask.message()));
        }
        ObjectNode event = event("exchange_start").put("id", id).put("conversation_id", conversationId).put("request_id", ask.id());
        var list = event.putArray("participants");
        participants.forEach(p -> list.addObject().put("name", p.name()).put("model", p.model()));
        event.put("mode", mode.wire()).put("message", ask.message());
        append("exchange_start", event);
        save();
        next();
        return start;
    }

    /**
     * Continues an exchange whose gateway died, from its state and events: the turns it was running
     * have no listener any more; they are cancelled and end as {@code interrupted}, what they said
     * ({@code cut}, by turn) stays in the transcript, and the next turn starts. {@code ask}, when not
     * null, is the user's message the dead gateway took up and never started: it is answered next.
     */
    synchronized void takeOver(ExchangeState state, Map<Integer, Said> cut, boolean requestEnded, Ask ask) {
        waiting = ask;
        if (requestEnded) {
            takeUpNext();
            return;
        }
        answering = true;
        turnsOfRequest = 1;
        state.runningJobs().forEach((turn, jobId) -> {
            services.cancels().cancel(jobId).subscribe().with(ignored -> { },
                    failure -> LOG.warnf("exchange %s: could not cancel job %s: %s", id, jobId, failure.getMessage()));
            ObjectNode end = event("turn_end").put("turn", turn).put("stop_reason", "interrupted");
            end.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
            append("turn_end", end);
            Said said = cut.get(turn);
            if (said != null) {
                transcript.add(said);
            }
        });
        save();
        next();
    }

    /**
     * Starts what comes next: the request's end, the user's message that came meanwhile (after the
     * current turn, never before a request's first), the next turn of a conversation, or every
     * turn side by side.
     */
    private synchronized void next() {
        if (!answering || !running.isEmpty() || reading) {
            return;
        }
        if (failure != null || stopped) {
            end(stopped ? "cancelled" : "error");
            return;
        }
        if (remaining == 0) {
            end("completed");
            return;
        }
        if (waiting == null && turnsOfRequest > 0 && !inboxRead) {
            reading = true;
            services.next(id, false).subscribe().with(this::read, lost -> {
                LOG.debugf("exchange %s: could not read its inbox: %s", id, lost.getMessage());
                read(null);
            });
            return;
        }
        inboxRead = false;
        if (waiting != null) {
            Ask ask = waiting;
            waiting = null;
            endRequest("new_message");
            answer(ask);
            return;
        }
        if (mode == ExchangeMode.SIDE_BY_SIDE) {
            List<Said> seen = List.copyOf(transcript);
            for (Participant participant : participants) {
                remaining--;
                launch(participant, seen);
            }
        } else {
            Participant speaker = participants.get(nextSpeaker);
            nextSpeaker = (nextSpeaker + 1) % participants.size();
            remaining--;
            launch(speaker, List.copyOf(transcript));
        }
        if (running.isEmpty()) {
            // No turn could start: the failure ends the request.
            next();
        }
    }

    /** The inbox was read after a turn: the user's message found there (or null) decides what comes next. */
    private synchronized void read(Ask ask) {
        reading = false;
        inboxRead = true;
        waiting = ask;
        next();
    }

    /**
     * Starts one turn. Its job is written to the state before the stop mark is read, and a stop
     * writes its mark before it reads the state: so either the turn sees the stop and never starts,
     * or the stop sees the job and cancels it.
     */
    private void launch(Participant speaker, List<Said> seen) {
        int turn = ++turns;
        turnsOfRequest++;
        ChatRequest chat = ExchangeHistory.forTurn(speaker, mode, seen);
        GenerationJob job;
        try {
            job = services.jobs().job(speaker.model(), chat, ClientKind.WEB, conversationId, true, apiKeyId)
                    .asTurn(new ExchangeTurn(id, turn, speaker.name(), (int) seen.stream().filter(Said::byUser).count(),
                            seen.stream().filter(Said::byUser).reduce((first, last) -> last).map(Said::text).orElse(null)));
        } catch (GatewayError e) {
            failure = error(AnthropicErrorTypes.ofRefusal(e.kind()).type(), speaker.name() + " (" + speaker.model() + "): " + e.getMessage());
            LOG.warnf("exchange %s: turn %d of %s cannot start: %s", id, turn, speaker.name(), e.getMessage());
            return;
        }
        int inputTokens = services.tokens().count(chat);
        Running turnState = new Running(turn, speaker, job.jobId(),
                new AnthropicStreamRenderer(job.jobId(), speaker.model(), inputTokens), new StringBuilder());
        running.put(turn, turnState);
        append("turn_start", event("turn_start").put("turn", turn).put("name", speaker.name())
                .put("model", speaker.model()).put("job_id", job.jobId()));
        String request = requestId;
        save().chain(() -> services.store().isCancelled(id, request)).subscribe().with(cancelled -> {
            if (cancelled) {
                onEvent(turnState, new StreamEvent.Error(job.jobId(), 0, ErrorType.CANCELLED, "the exchange was stopped"));
            } else {
                LOG.infof("exchange %s: turn %d, %s (%s), job %s", id, turn, speaker.name(), speaker.model(), job.jobId());
                services.generations().submit(job, new GenerationInfo(speaker.model(), inputTokens, conversationId, Instant.now()))
                        .subscribe().with(event -> onEvent(turnState, event), lost -> onEvent(turnState,
                                new StreamEvent.Error(job.jobId(), 0, ErrorType.BACKEND_ERROR, "the gateway lost the turn: " + lost.getMessage())));
            }
        }, lost -> onEvent(turnState, new StreamEvent.Error(job.jobId(), 0, ErrorType.OVERLOADED,
                "the gateway cannot keep the exchange: Redis is not available; try again shortly")));
    }

    private synchronized void onEvent(Running turn, StreamEvent event) {
        if (!running.containsKey(turn.turn())) {
            return;
        }
        if (event instanceof StreamEvent.TextDelta delta) {
            turn.text().append(delta.text());
        }
        for (SseEvent sse : turn.renderer().on(event)) {
            append(sse.event(), tagged(sse.data(), turn.turn()));
        }
        if (event.isTerminal()) {
            ended(turn, event);
        }
    }

    private void ended(Running turn, StreamEvent terminal) {
        running.remove(turn.turn());
        String said = turn.text().toString().strip();
        if (!said.isEmpty()) {
            transcript.add(new Said(turn.speaker().name(), said));
        }
        ObjectNode message = turn.renderer().message();
        String stopReason = message.path("stop_reason").asText("end_turn");
        if (terminal instanceof StreamEvent.Error error) {
            if (error.errorType() == ErrorType.CANCELLED) {
                stopped = true;
                stopReason = "cancelled";
            } else {
                stopReason = "error";
                if (failure == null) {
                    failure = error(AnthropicErrorTypes.of(error.errorType()).type(),
                            turn.speaker().name() + " (" + turn.speaker().model() + "): " + error.message());
                }
            }
        }
        ObjectNode end = event("turn_end").put("turn", turn.turn()).put("stop_reason", stopReason);
        end.set("usage", message.path("usage").deepCopy());
        append("turn_end", end);
        save();
        next();
    }

    /** Ends the request, then answers the user's next message, or lets the exchange go when none came. */
    private void end(String stopReason) {
        endRequest(stopReason);
        save().subscribe().with(ignored -> takeUpNext(), failure -> takeUpNext());
    }

    private void endRequest(String stopReason) {
        answering = false;
        ObjectNode end = event("exchange_end").put("id", id).put("stop_reason", stopReason).put("turns", turns);
        if ("error".equals(stopReason) && failure != null) {
            end.set("error", failure);
        }
        append("exchange_end", end);
        LOG.infof("exchange %s: request %s %s after %d turns", id, requestId, stopReason, turns);
    }

    /** The user's message taken up already, or the next one in the inbox; none: the exchange is let go. */
    private synchronized void takeUpNext() {
        if (waiting != null) {
            Ask ask = waiting;
            waiting = null;
            answer(ask);
            return;
        }
        services.next(id, true).subscribe().with(ask -> {
            if (ask != null) {
                answer(ask);
            }
        }, lost -> {
            LOG.warnf("exchange %s: could not read its inbox; it is taken up again shortly: %s", id, lost.getMessage());
            services.lapse(id);
        });
    }

    /** Completes once everything appended or saved so far is in Redis. */
    Uni<Void> written() {
        return log.then(() -> Uni.createFrom().voidItem());
    }

    /** Writes the state as it is now, after every event appended before. */
    private Uni<Void> save() {
        ExchangeState state = new ExchangeState(id, conversationId, mode, participants, List.copyOf(transcript), turns,
                nextSpeaker, remaining, runningJobs(), answering, log.nextSeq(), apiKeyId);
        return log.then(() -> services.store().save(state));
    }

    private Map<Integer, String> runningJobs() {
        Map<Integer, String> jobs = new TreeMap<>();
        running.forEach((turn, state) -> jobs.put(turn, state.jobId()));
        return jobs;
    }

    private void append(String name, ObjectNode data) {
        log.append(name, write(data));
    }

    private static ObjectNode event(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ObjectNode error(String type, String message) {
        return NODES.objectNode().put("type", type).put("message", message);
    }

    /** The event's data with the turn it belongs to. */
    private static ObjectNode tagged(String data, int turn) {
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(data);
            return node.put("turn", turn);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the renderer writes JSON", e);
        }
    }

    private static String write(ObjectNode data) {
        try {
            return Json.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
