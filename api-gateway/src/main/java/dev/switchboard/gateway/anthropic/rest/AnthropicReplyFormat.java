package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.anthropic.mapping.AnthropicErrorTypes;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.anthropic.mapping.SseEvent;
import dev.switchboard.gateway.front.ReplyFormat;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Messages API responses on the wire: named server-sent events, {@code ping} events as keep-alives,
 * the whole message for a non-streaming answer, errors in Anthropic's shape.
 */
final class AnthropicReplyFormat implements ReplyFormat {

    private final AnthropicStreamRenderer renderer;

    AnthropicReplyFormat(AnthropicStreamRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public String start() {
        return wire(renderer.start());
    }

    @Override
    public String on(StreamEvent event) {
        return wire(renderer.on(event));
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
}
