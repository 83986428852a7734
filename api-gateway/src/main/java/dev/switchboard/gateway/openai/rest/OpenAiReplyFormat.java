package dev.switchboard.gateway.openai.rest;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.front.ReplyFormat;
import dev.switchboard.gateway.openai.mapping.OpenAiErrors;
import dev.switchboard.gateway.openai.mapping.OpenAiStreamRenderer;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Chat Completions on the wire: each chunk a {@code data:} line of server-sent events, comments as keep-alives. */
final class OpenAiReplyFormat implements ReplyFormat {

    private final OpenAiStreamRenderer renderer;

    OpenAiReplyFormat(OpenAiStreamRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public String start() {
        return sse(renderer.start());
    }

    @Override
    public String on(StreamEvent event) {
        return sse(renderer.on(event));
    }

    @Override
    public String failed(ErrorType type, String message) {
        return sse(renderer.error(type, message));
    }

    @Override
    public String keepAlive() {
        return ": keep-alive\n\n";
    }

    @Override
    public Object whole() {
        return renderer.completion();
    }

    @Override
    public void refuse(RoutingContext ctx, ErrorType type, String message) {
        OpenAiResponses.error(ctx, new OpenAiError(OpenAiErrors.of(type), message));
    }

    private static String sse(List<String> data) {
        StringBuilder wire = new StringBuilder();
        for (String json : data) {
            wire.append("data: ").append(json).append("\n\n");
        }
        return wire.toString();
    }
}
