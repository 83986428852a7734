package dev.switchboard.simulator.stats;

import dev.switchboard.simulator.chat.ChatInput;
import dev.switchboard.simulator.chat.Protocol;
import dev.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator served, for tests to check: counters and bounded rings of recent requests and disconnects. */
@ApplicationScoped
public class SimulatorStats {

    private static final int SUMMARY_TEXT_CHARS = 200;

    private final SimulatorMetrics metrics;
    private final Event<SimulatorReset> resetEvent;
    private final Map<Protocol, AtomicLong> requests = new EnumMap<>(Protocol.class);
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong streamErrors = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final BoundedRing<RecentRequest> recentRequests;
    private final BoundedRing<DisconnectRecord> recentDisconnects;
    private final BoundedRing<RawRequest> bodies;
    private volatile Instant since = Instant.now();

    public SimulatorStats(SimulatorConfig config, SimulatorMetrics metrics, Event<SimulatorReset> resetEvent) {
        this.metrics = metrics;
        this.resetEvent = resetEvent;
        for (Protocol p : Protocol.values()) {
            requests.put(p, new AtomicLong());
        }
        this.recentRequests = new BoundedRing<>(config.stats().recentRequests());
        this.recentDisconnects = new BoundedRing<>(config.stats().recentDisconnects());
        this.bodies = new BoundedRing<>(config.stats().recentRequests());
    }

    public void countRequest(Protocol protocol) {
        requests.get(protocol).incrementAndGet();
        metrics.request(protocol);
    }

    public void recordBody(RawRequest request) {
        bodies.add(request);
    }

    public List<RawRequest> lastBodies(int limit) {
        return bodies.last(limit);
    }

    /** Notes a chat request before it is answered; the handle records how it ends. */
    public RequestHandle chatReceived(String requestId, String path, ChatInput input, int promptTokens) {
        String last = input.lastUserText();
        RecentRequest recent = new RecentRequest(new RequestSummary(requestId, input.protocol(), path,
                input.model().name(), input.stream(), input.turns().size(),
                last.length() > SUMMARY_TEXT_CHARS ? last.substring(0, SUMMARY_TEXT_CHARS) + "…" : last,
                input.toolNames(), input.maxTokens() < 0 ? null : input.maxTokens(),
                boxed(input.contextLimit()), promptTokens, Instant.now().toString(), null));
        recentRequests.add(recent);
        return new RequestHandle(requestId, input, recent);
    }

    public StatsView view() {
        Map<Protocol, Long> byProtocol = new EnumMap<>(Protocol.class);
        requests.forEach((p, n) -> byProtocol.put(p, n.get()));
        return new StatsView(since.toString(), byProtocol, started.get(), completed.get(), metrics.inFlight().get(),
                disconnects.get(), dropped.get(), streamErrors.get(), rejected.get(), tokens.get(),
                recentRequests.last(Integer.MAX_VALUE).stream().map(RecentRequest::view).toList(),
                recentDisconnects.last(Integer.MAX_VALUE));
    }

    /** Zeroes the counters and forgets recent requests; generations in flight go on and are still counted. */
    public void reset() {
        requests.values().forEach(n -> n.set(0));
        for (AtomicLong n : List.of(started, completed, disconnects, dropped, streamErrors, rejected, tokens)) {
            n.set(0);
        }
        recentRequests.clear();
        recentDisconnects.clear();
        bodies.clear();
        since = Instant.now();
        resetEvent.fire(new SimulatorReset());
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    /** One chat request's way through the simulator. All calls come from its event loop. */
    public final class RequestHandle {

        private final String requestId;
        private final ChatInput input;
        private final RecentRequest recent;
        private boolean inFlight;

        private RequestHandle(String requestId, ChatInput input, RecentRequest recent) {
            this.requestId = requestId;
            this.input = input;
            this.recent = recent;
        }

        /** Answered with an HTTP error before any generation. */
        public void rejected(int status) {
            recent.outcome("http_" + status);
            SimulatorStats.this.rejected.incrementAndGet();
        }

        public void generationStarted() {
            inFlight = true;
            started.incrementAndGet();
            metrics.inFlight().incrementAndGet();
        }

        public void tokens(int n) {
            tokens.addAndGet(n);
            metrics.tokens(input.protocol(), n);
        }

        public void completed() {
            end("completed");
            completed.incrementAndGet();
        }

        /** Stalled on purpose; stays in flight until the client goes away. */
        public void stalled() {
            recent.outcome("stalled");
        }

        public void dropped() {
            end("dropped");
            dropped.incrementAndGet();
        }

        public void streamError() {
            end("stream_error");
            streamErrors.incrementAndGet();
        }

        /**
         * @param lastTokenNanoTime {@link System#nanoTime()} of the last token sent, 0 when none was
         */
        public void disconnected(int tokensSent, long lastTokenNanoTime, boolean stalled) {
            long now = System.nanoTime();
            end("disconnected");
            disconnects.incrementAndGet();
            metrics.disconnect(input.protocol());
            recentDisconnects.add(new DisconnectRecord(requestId, input.protocol(), input.model().name(),
                    input.stream(), tokensSent, EpochClock.epochNanos(now), EpochClock.instant(now).toString(),
                    lastTokenNanoTime == 0 ? null : now - lastTokenNanoTime, stalled));
        }

        private void end(String outcome) {
            recent.outcome(outcome);
            if (inFlight) {
                inFlight = false;
                metrics.inFlight().decrementAndGet();
            }
        }
    }
}
