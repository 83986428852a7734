package dev.switchboard.gateway.anthropic.mapping;

/**
 * One server-sent event of Anthropic's stream.
 *
 * @param event the event name, e.g. {@code content_block_delta}
 * @param data  its JSON, on one line
 */
public record SseEvent(String event, String data) {

    /** The event as it goes on the wire, blank line included. */
    public String wire() {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    /** The event with an SSE {@code id:}, which a client sends back (Last-Event-ID) to resume after it. */
    public String wire(String id) {
        return "id: " + id + "\n" + wire();
    }
}
