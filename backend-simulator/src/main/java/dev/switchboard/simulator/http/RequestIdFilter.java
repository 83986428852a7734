package dev.switchboard.simulator.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every request an id, answered in {@code X-Simulator-Request-Id}: the client's own
 * {@code X-Simulator-Request-Id} or {@code X-Request-Id} when it sends one, else a generated one.
 */
@ApplicationScoped
public class RequestIdFilter {

    private static final int MAX_ID_LENGTH = 128;

    private final String prefix = "sim-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    private final AtomicLong sequence = new AtomicLong();

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::label);
    }

    private void label(RoutingContext rc) {
        String id = clientLabel(rc.request().getHeader(RequestIds.HEADER));
        if (id == null) {
            id = clientLabel(rc.request().getHeader("X-Request-Id"));
        }
        if (id == null) {
            id = prefix + sequence.incrementAndGet();
        }
        rc.put(RequestIds.ID_KEY, id);
        rc.put(RequestIds.ARRIVAL_KEY, System.nanoTime());
        rc.response().putHeader(RequestIds.HEADER, id);
        rc.next();
    }

    private static String clientLabel(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
            return null;
        }
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? value : null;
    }
}
