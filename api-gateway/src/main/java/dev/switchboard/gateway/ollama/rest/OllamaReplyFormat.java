package dev.switchboard.gateway.ollama.rest;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.gateway.front.ReplyFormat;
import dev.switchboard.gateway.ollama.mapping.OllamaErrors;
import dev.switchboard.gateway.ollama.mapping.OllamaStreamRenderer;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Ollama's answers on the wire: one JSON object per line (NDJSON); Ollama has no keep-alive line. */
final class OllamaReplyFormat implements ReplyFormat {

    private final OllamaStreamRenderer renderer;

    OllamaReplyFormat(OllamaStreamRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public String streamContentType() {
        return "application/x-ndjson";
    }

    @Override
    public String start() {
        return "";
    }

    @Override
    public String on(StreamEvent event) {
        return lines(renderer.on(event));
    }

    @Override
    public String failed(ErrorType type, String message) {
        return lines(renderer.error(message));
    }

    @Override
    public String keepAlive() {
        return null;
    }

    @Override
    public Object whole() {
        return renderer.whole();
    }

    @Override
    public void refuse(RoutingContext ctx, ErrorType type, String message) {
        OllamaResponses.error(ctx, OllamaErrors.status(type), message);
    }

    private static String lines(List<String> lines) {
        StringBuilder wire = new StringBuilder();
        for (String line : lines) {
            wire.append(line).append('\n');
        }
        return wire.toString();
    }
}
