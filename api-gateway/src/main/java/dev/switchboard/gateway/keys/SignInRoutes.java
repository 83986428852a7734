package dev.switchboard.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.Ids;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.front.JsonResponses;
import io.vertx.core.Context;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web chat signs in here: {@code POST /api/auth/session} with {@code {"key": "sk-sb-…"}} answers
 * with an HttpOnly, SameSite=Strict cookie holding the key, which every endpoint accepts like the
 * header, so the page's scripts (and {@code EventSource}) never hold the key.
 * {@code DELETE} signs out. Without keys there is nothing to sign in to (404).
 */
@ApplicationScoped
public class SignInRoutes {

    static final String PATH = "/api/auth/session";
    private static final int MAX_BODY = 4096;

    private final AuthMode mode;
    private final KeyMirror mirror;

    public SignInRoutes(AuthStartup startup, KeyMirror mirror) {
        this.mode = startup.mode();
        this.mirror = mirror;
    }

    void register(@Observes Router routes) {
        routes.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::signIn);
        routes.delete(PATH).handler(this::signOut);
    }

    private void signIn(RoutingContext ctx) {
        if (!mode.keys()) {
            error(ctx, 404, "this gateway needs no key (SWITCHBOARD_AUTH is off): nothing to sign in to");
            return;
        }
        String key = key(ctx);
        if (key == null || !key.startsWith(Secrets.SCHEME) || key.length() > 200) {
            error(ctx, 400, "send {\"key\": \"sk-sb-…\"}, an API key of this gateway");
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        mirror.resolve(Secrets.sha256(key)).subscribe().with(found -> context.runOnContext(ignored -> {
            if (found.found() != KeyMirror.Found.OK) {
                error(ctx, 401, "this API key is not valid: unknown, revoked, disabled or expired");
                return;
            }
            ctx.response().addCookie(Cookie.cookie(AuthFilter.COOKIE, key).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                    .setPath("/").setSecure("https".equals(ctx.request().scheme())));
            JsonResponses.json(ctx, 200, Json.mapper().createObjectNode().put("key_id", found.keyId()));
        }), failure -> context.runOnContext(ignored -> error(ctx, 503, "the gateway cannot check API keys now; try again shortly")));
    }

    private void signOut(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(AuthFilter.COOKIE, "").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath("/").setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private static String key(RoutingContext ctx) {
        try {
            JsonNode body = Json.mapper().readTree(ctx.body().asString());
            return body != null && body.path("key").isTextual() ? body.get("key").textValue().strip() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void error(RoutingContext ctx, int status, String message) {
        JsonResponses.json(ctx, status, ErrorBody.of(ApiErrorType.forStatus(status), message).withRequestId(Ids.request()));
    }
}
