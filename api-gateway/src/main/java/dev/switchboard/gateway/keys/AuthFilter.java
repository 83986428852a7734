package dev.switchboard.gateway.keys;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.gateway.front.JsonResponses;
import io.vertx.core.Context;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The one check of who may use the gateway, ahead of every route (the fronts', the {@code /api}
 * endpoints', and any added later): it finds the caller's key (header {@code x-api-key},
 * {@code Authorization: Bearer}, or the web chat's session cookie), resolves it in Redis and
 * leaves the {@link Caller} on the request. Refusals go to the failure handler of the route the
 * request was for, so each front answers in its own protocol; a path without one gets the
 * gateway's own error body.
 *
 * <p>Open whatever the mode: the web page and its assets, {@code HEAD /} (Claude Code's probe),
 * health, and signing in. Always behind the admin token: {@code /api/keys}; behind it when keys
 * are on: pulling and deleting models. The secret itself never reaches a log.
 */
@ApplicationScoped
public class AuthFilter {

    /** Ahead of every route of the gateway's own (the earliest is OpenAI's /v1/models at -10). */
    static final int ORDER = -1000;
    public static final String COOKIE = "switchboard_key";
    private static final Logger LOG = Logger.getLogger(AuthFilter.class);
    private static final String REFUSED_HERE = "switchboard.auth.refused";

    private final AuthMode mode;
    private final Optional<String> adminToken;
    private final KeyMirror mirror;

    public AuthFilter(AuthStartup startup, AuthConfig config, KeyMirror mirror) {
        this.mode = startup.mode();
        this.adminToken = config.adminToken().filter(token -> !token.isBlank());
        this.mirror = mirror;
    }

    void register(@Observes Router routes) {
        routes.route().order(ORDER).handler(this::check);
        // Last of all failure handlers: only a refusal of this check that no front's handler took.
        routes.route().order(Integer.MAX_VALUE).failureHandler(AuthFilter::answerRefusal);
    }

    private void check(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean keyApi = path.equals("/api/keys") || path.startsWith("/api/keys/");
        if (keyApi && adminToken.isEmpty()) {
            refuse(ctx, GatewayError.notFound("the key API is off: start the gateway with SWITCHBOARD_ADMIN_TOKEN set"));
            return;
        }
        boolean adminOnly = keyApi || (mode.keys() && (path.equals("/api/pull") || path.equals("/api/delete")));
        if ((!mode.keys() && !adminOnly) || open(ctx.request().method(), path)) {
            ctx.next();
            return;
        }
        String credential = credential(ctx);
        if (credential == null) {
            refuse(ctx, GatewayError.unauthenticated(adminOnly
                    ? "this endpoint needs the admin token: send Authorization: Bearer <SWITCHBOARD_ADMIN_TOKEN>"
                    : "this gateway needs an API key: send x-api-key: <key> or Authorization: Bearer <key>"));
            return;
        }
        if (adminToken.isPresent() && Secrets.same(credential, adminToken.get())) {
            Caller.ADMIN.attachTo(ctx);
            ctx.next();
            return;
        }
        if (!mode.keys() || !credential.startsWith(Secrets.SCHEME)) {
            refuse(ctx, GatewayError.unauthenticated(adminOnly ? "this endpoint needs the admin token; the one sent is not it"
                    : "this API key is not valid: Switchboard keys start with " + Secrets.SCHEME));
            return;
        }
        // The body waits (the routes' body handlers resume it) while the key is looked up.
        ctx.request().pause();
        Context context = ctx.vertx().getOrCreateContext();
        mirror.resolve(Secrets.sha256(credential)).subscribe().with(
                found -> context.runOnContext(ignored -> decide(ctx, found, adminOnly)),
                failure -> context.runOnContext(ignored -> {
                    LOG.errorf("API keys cannot be checked: %s", failure.getMessage());
                    refuse(ctx, GatewayError.overloaded("the gateway cannot check API keys: Redis is not available; try again shortly"));
                }));
    }

    private static void decide(RoutingContext ctx, KeyMirror.Resolution found, boolean adminOnly) {
        switch (found.found()) {
            case OK -> {
                if (adminOnly) {
                    refuse(ctx, GatewayError.forbidden("this endpoint needs the admin token; an API key cannot use it"));
                } else {
                    Caller.key(found.keyId(), found.models()).attachTo(ctx);
                    ctx.next();
                }
            }
            case UNKNOWN -> refuse(ctx, GatewayError.unauthenticated("this API key is not valid: unknown or revoked"));
            case DISABLED -> refuse(ctx, GatewayError.unauthenticated("this API key is disabled"));
            case EXPIRED -> refuse(ctx, GatewayError.unauthenticated("this API key has expired"));
        }
    }

    /** What anyone may reach: the page, its assets, the probe, health, signing in. */
    static boolean open(HttpMethod method, String path) {
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (read && (path.equals("/") || path.startsWith("/c/") || path.startsWith("/assets/") || path.startsWith("/_static/")
                || path.startsWith("/webjars/") || path.equals("/favicon.ico") || path.equals("/q/health")
                || path.startsWith("/q/health/"))) {
            return true;
        }
        return path.equals(SignInRoutes.PATH);
    }

    /** The key the request carries: {@code x-api-key}, else a bearer token, else the web chat's cookie. */
    static String credential(RoutingContext ctx) {
        String header = ctx.request().getHeader("x-api-key");
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = ctx.request().getHeader("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        return cookie != null && !cookie.getValue().isBlank() ? cookie.getValue() : null;
    }

    private static void refuse(RoutingContext ctx, GatewayError error) {
        ctx.put(REFUSED_HERE, Boolean.TRUE);
        ctx.fail(error);
    }

    /** The gateway's own error body, for a refusal on a path no front answers (the /api endpoints, unknown paths). */
    private static void answerRefusal(RoutingContext ctx) {
        if (!Boolean.TRUE.equals(ctx.get(REFUSED_HERE)) || !(ctx.failure() instanceof GatewayError error)) {
            ctx.next();
            return;
        }
        int status = error.kind().httpStatus();
        String requestId = Ids.request();
        ctx.response().putHeader("request-id", requestId);
        JsonResponses.json(ctx, status, ErrorBody.of(ApiErrorType.forStatus(status), error.getMessage()).withRequestId(requestId));
    }
}
