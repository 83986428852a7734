package dev.switchboard.gateway.front;

import dev.switchboard.contract.json.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes a JSON response body on a front's route. */
public final class JsonResponses {

    private JsonResponses() {
    }

    /** Writes the body with the status, unless the client is gone or the response already ended. */
    public static void json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a response", e);
        }
        response.setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }
}
