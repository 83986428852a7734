package dev.switchboard.gateway.front;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import io.vertx.ext.web.RoutingContext;

/**
 * How one response is written in a front's protocol: the stream's framing, what each canonical
 * event becomes on the wire, the whole answer of a non-streaming response, and the error forms.
 * One instance per response, fed in order on the request's event loop.
 */
public interface ReplyFormat {

    /** The streaming response's content type. */
    String streamContentType();

    /** What opens the stream, written once when the response starts; may be empty. */
    String start();

    /** What one event becomes on the wire; may be empty. */
    String on(StreamEvent event);

    /** What a failure after the stream started becomes; nothing follows it. */
    String failed(ErrorType type, String message);

    /** What keeps a waiting stream alive, or null when the protocol has no such thing. */
    String keepAlive();

    /** The whole answer of a non-streaming response, once the job is done. */
    Object whole();

    /** Answers a failure known before any byte of the response: the protocol's status and error body. */
    void refuse(RoutingContext ctx, ErrorType type, String message);
}
