package dev.switchboard.gateway.pipeline;

import dev.switchboard.gateway.errors.GatewayError;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client is in a resumable generation's stream, as its SSE {@code id:} says: {@code N.k},
 * the k-th protocol event rendered from canonical event N (one canonical event can become several).
 * Ids grow in stream order, so a client that resumes after one gets exactly the events after it.
 */
public record EventPosition(long seq, int index) implements Comparable<EventPosition> {

    private static final Pattern WIRE = Pattern.compile("(\\d{1,18})\\.(\\d{1,9})");

    /** Before every event: a replay from the start. */
    public static final EventPosition START = new EventPosition(-1, 0);

    /** Reads {@code N.k}; throws {@link IllegalArgumentException} on anything else. */
    public static EventPosition parse(String wire) {
        Matcher matcher = WIRE.matcher(wire.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + wire + "' is not an event id of the form N.k (e.g. 12.0)");
        }
        return new EventPosition(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /**
     * Where a re-attaching client resumes: after {@code ?after=} if given, else after its
     * {@code Last-Event-ID} (what a browser's EventSource sends by itself), else from the start. A
     * page that reloads names where it was itself, so the query wins.
     *
     * @throws GatewayError (400) naming the parameter that is not an event id
     */
    public static EventPosition resumeAfter(String afterQuery, String lastEventId) {
        String wire = afterQuery;
        String source = "after";
        if (wire == null || wire.isBlank()) {
            wire = lastEventId;
            source = "Last-Event-ID";
        }
        if (wire == null || wire.isBlank()) {
            return START;
        }
        try {
            return parse(wire);
        } catch (IllegalArgumentException e) {
            throw GatewayError.invalidRequest(source + ": " + e.getMessage());
        }
    }

    public boolean isAfter(EventPosition other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(EventPosition other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : Integer.compare(index, other.index);
    }

    /** The id as it goes on the wire. */
    public String wire() {
        return seq + "." + index;
    }
}
