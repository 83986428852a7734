package dev.switchboard.simulator.http;

import io.vertx.ext.web.RoutingContext;

/** The request id and arrival time that {@link RequestIdFilter} puts on every request. */
public final class RequestIds {

    public static final String HEADER = "X-Simulator-Request-Id";
    static final String ID_KEY = "simulator.requestId";
    static final String ARRIVAL_KEY = "simulator.arrivalNanos";

    private RequestIds() {
    }

    public static String of(RoutingContext rc) {
        String id = rc.get(ID_KEY);
        return id == null ? "unknown" : id;
    }

    /** {@link System#nanoTime()} when the request arrived. */
    public static long arrivalNanos(RoutingContext rc) {
        Long arrival = rc.get(ARRIVAL_KEY);
        return arrival == null ? System.nanoTime() : arrival;
    }
}
