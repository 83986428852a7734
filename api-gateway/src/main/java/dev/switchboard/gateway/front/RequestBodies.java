package dev.switchboard.gateway.front;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a front's JSON request body and translates it: a JSON content type (or none), a body that
 * is there, strict JSON; large bodies off the event loop. What is wrong goes to the front's refusal
 * as an {@link InvalidRequestException}; anything else thrown fails the route.
 */
public final class RequestBodies {

    /** Bodies above this are parsed off the event loop: conversations with images run to megabytes. */
    static final int INLINE_PARSE_LIMIT = 256 * 1024;

    private RequestBodies() {
    }

    public static <T> void read(RoutingContext ctx, Function<JsonNode, T> translate, Consumer<T> handler,
                                Consumer<InvalidRequestException> refuse) {
        String contentType = ctx.request().getHeader("content-type");
        if (contentType != null && !contentType.toLowerCase().contains("json")) {
            refuse.accept(new InvalidRequestException("body", "Content-Type must be application/json, was '" + contentType + "'"));
            return;
        }
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            refuse.accept(new InvalidRequestException("body", "is empty; send a JSON object"));
            return;
        }
        if (body.length() <= INLINE_PARSE_LIMIT) {
            T translated;
            try {
                translated = translate.apply(RequestJson.parse(body.getBytes()));
            } catch (InvalidRequestException e) {
                refuse.accept(e);
                return;
            }
            handler.accept(translated);
            return;
        }
        ctx.vertx().<T>executeBlocking(() -> translate.apply(RequestJson.parse(body.getBytes())), false).onComplete(result -> {
            if (result.succeeded()) {
                handler.accept(result.result());
            } else if (result.cause() instanceof InvalidRequestException invalid) {
                refuse.accept(invalid);
            } else {
                ctx.fail(result.cause());
            }
        });
    }
}
