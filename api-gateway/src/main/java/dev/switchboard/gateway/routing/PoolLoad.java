package dev.switchboard.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs this gateway sent to each pool that have not ended yet, queued ones included. Workers
 * report their load only every few seconds; a burst of requests arriving between two reports would
 * otherwise all go to the pool that looked idle at the last one.
 */
@ApplicationScoped
public class PoolLoad {

    private final Map<String, AtomicInteger> outstanding = new ConcurrentHashMap<>();

    /** Counts a job sent to the pool; call {@link #ended(String)} exactly once when it ends. */
    public void sent(String pool) {
        outstanding.computeIfAbsent(pool, ignored -> new AtomicInteger()).incrementAndGet();
    }

    public void ended(String pool) {
        AtomicInteger count = outstanding.get(pool);
        if (count != null) {
            count.updateAndGet(value -> Math.max(0, value - 1));
        }
    }

    /** Outstanding jobs by pool, now. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        outstanding.forEach((pool, count) -> copy.put(pool, count.get()));
        return copy;
    }
}
