package dev.switchboard.simulator.stats;

import dev.switchboard.simulator.chat.Protocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Prometheus counters: {@code simulator_requests_total}, {@code simulator_tokens_emitted_total}, {@code simulator_disconnects_total}. */
@ApplicationScoped
public class SimulatorMetrics {

    private final Map<Protocol, Counter> requests = new EnumMap<>(Protocol.class);
    private final Map<Protocol, Counter> tokens = new EnumMap<>(Protocol.class);
    private final Map<Protocol, Counter> disconnects = new EnumMap<>(Protocol.class);
    private final AtomicInteger inFlight = new AtomicInteger();

    public SimulatorMetrics(MeterRegistry registry) {
        for (Protocol p : Protocol.values()) {
            requests.put(p, Counter.builder("simulator.requests").description("Requests served")
                    .tag("protocol", p.wireName()).register(registry));
            tokens.put(p, Counter.builder("simulator.tokens.emitted").description("Tokens generated")
                    .tag("protocol", p.wireName()).register(registry));
            disconnects.put(p, Counter.builder("simulator.disconnects")
                    .description("Clients that went away before their reply was complete")
                    .tag("protocol", p.wireName()).register(registry));
        }
        registry.gauge("simulator.streams.in.flight", inFlight);
    }

    void request(Protocol protocol) {
        requests.get(protocol).increment();
    }

    void tokens(Protocol protocol, int n) {
        tokens.get(protocol).increment(n);
    }

    void disconnect(Protocol protocol) {
        disconnects.get(protocol).increment();
    }

    AtomicInteger inFlight() {
        return inFlight;
    }
}
