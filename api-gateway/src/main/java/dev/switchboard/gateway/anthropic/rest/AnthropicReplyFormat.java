package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.anthropic.mapping.AnthropicErrorTypes;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.anthropic.mapping.SseEvent;
import dev.switchboard.gateway.front.ReplyFormat;
import dev.switchboard.gateway.pipeline.EventPosition;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Messages API responses on the wire: named server-sent events, {@code ping} events as keep-alives,
 * the whole message for a non-streaming answer, errors in Anthropic's shape.
 *
 * <p>A resumable generation's stream gives every event an SSE {@code id:} ({@link EventPosition}):
 * {@code message_start} is {@code 0.0} (it belongs to the first event, Started), the events
 * rendered from canonical event N are N.0, N.1, …; keep-alives and the gateway's own failures have
 * none. Events up to the one a re-attaching client already has are left out.
 */
final class AnthropicReplyFormat implements ReplyFormat {

    private final AnthropicStreamRenderer renderer;
    /** Null for a stream without ids. */
    private final EventPosition after;

    AnthropicReplyFormat(AnthropicStreamRenderer renderer) {
        this(renderer, null);
    }

    private AnthropicReplyFormat(AnthropicStreamRenderer renderer, EventPosition after) {
        this.renderer = renderer;
        this.after = after;
    }

    /** A resumable generation's stream, with ids, leaving out the events up to {@code after}. */
    static AnthropicReplyFormat withIds(AnthropicStreamRenderer renderer, EventPosition after) {
        return new AnthropicReplyFormat(renderer, after);
    }

    @Override
    public String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public String start() {
        return wire(renderer.start(), 0);
    }

    @Override
    public String on(StreamEvent event) {
        return wire(renderer.on(event), event.seq());
    }

    @Override
    public String failed(ErrorType type, String message) {
        return wire(renderer.error(AnthropicErrorTypes.of(type).type(), message));
    }

    @Override
    public String keepAlive() {
        return AnthropicStreamRenderer.ping().wire();
    }

    @Override
    public Object whole() {
        return renderer.message();
    }

    @Override
    public void refuse(RoutingContext ctx, ErrorType type, String message) {
        AnthropicResponses.error(ctx, type, message);
    }

    private static String wire(List<SseEvent> events) {
        StringBuilder wire = new StringBuilder();
        for (SseEvent event : events) {
            wire.append(event.wire());
        }
        return wire.toString();
    }

    /** The events rendered from canonical event {@code seq}, with their ids when this stream has ids. */
    private String wire(List<SseEvent> events, long seq) {
        if (after == null) {
            return wire(events);
        }
        StringBuilder wire = new StringBuilder();
        for (int k = 0; k < events.size(); k++) {
            EventPosition position = new EventPosition(seq, k);
            if (position.isAfter(after)) {
                wire.append(events.get(k).wire(position.wire()));
            }
        }
        return wire.toString();
    }
}
