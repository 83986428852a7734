package dev.switchboard.gateway.api;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The {@code /api} endpoints take small bodies; the server-wide limit is set high only so that the
 * Anthropic routes can answer their own 413. A larger body is refused from its Content-Length,
 * before a byte of it is buffered.
 */
@ApplicationScoped
public class ApiBodyLimit {

    private final long limit;

    public ApiBodyLimit(GatewayConfig config) {
        this.limit = config.maxApiBody().asLongValue();
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(-100).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = Long.MAX_VALUE;
        }
        if (declared <= limit) {
            ctx.next();
            return;
        }
        String requestId = Ids.request();
        ctx.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("request-id", requestId)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.mapper().valueToTree(ErrorBody.of(ApiErrorType.REQUEST_TOO_LARGE,
                        "the body is larger than the " + limit + " bytes the /api endpoints accept").withRequestId(requestId)).toString());
    }
}
