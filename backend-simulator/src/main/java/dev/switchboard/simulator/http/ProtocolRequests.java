package dev.switchboard.simulator.http;

import dev.switchboard.simulator.chat.Protocol;
import dev.switchboard.simulator.config.SimulatorConfig;
import dev.switchboard.simulator.stats.RawRequest;
import dev.switchboard.simulator.stats.SimulatorStats;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Handlers every protocol route shares: counting, reading the body, keeping it for {@code /simulator/requests}. */
@ApplicationScoped
public class ProtocolRequests {

    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    private static final String BODY_KEY = "simulator.body";

    private final SimulatorStats stats;
    private final int maxBodyChars;
    private final long maxRequestBytes;

    public ProtocolRequests(SimulatorStats stats, SimulatorConfig config) {
        this.stats = stats;
        this.maxBodyChars = config.stats().maxBodyChars();
        this.maxRequestBytes = config.maxRequestBytes();
    }

    /** The request body read for a POST route; empty when there was none. */
    public static String body(RoutingContext rc) {
        String body = rc.get(BODY_KEY);
        return body == null ? "" : body;
    }

    /** A GET route, counted for its protocol. */
    public void get(Router router, Protocol protocol, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(counted(protocol)).handler(handler);
    }

    /** A HEAD route, counted for its protocol. */
    public void head(Router router, Protocol protocol, String path, Handler<RoutingContext> handler) {
        router.head(path).handler(counted(protocol)).handler(handler);
    }

    /**
     * A POST route: counted, then {@code guards} (which may answer before the body is read), then
     * the body read, kept for {@code /simulator/requests}, and handed to {@code handler}.
     */
    @SafeVarargs
    public final void post(Router router, Protocol protocol, String path, Handler<RoutingContext> handler,
            Handler<RoutingContext>... guards) {
        Route route = router.post(path).handler(counted(protocol));
        for (Handler<RoutingContext> guard : guards) {
            route.handler(guard);
        }
        route.handler(this::readBody).handler(recorded(protocol)).handler(handler);
    }

    /** A DELETE route with a body (Ollama's {@code /api/delete} takes one), read and kept like a POST's. */
    public void delete(Router router, Protocol protocol, String path, Handler<RoutingContext> handler) {
        router.delete(path).handler(counted(protocol)).handler(this::readBody).handler(recorded(protocol)).handler(handler);
    }

    /**
     * Reads the body whatever its content type: the servers simulated read JSON even when a client
     * labels it a form (curl -d does), so Vert.x's form-decoding body handler is not used.
     */
    private void readBody(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > maxRequestBytes) {
            tooLarge(rc);
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + chunk.length() > maxRequestBytes) {
                tooLarge(rc);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(rc::fail);
        request.endHandler(v -> {
            if (!rc.response().ended()) {
                rc.put(BODY_KEY, body.toString(StandardCharsets.UTF_8));
                rc.next();
            }
        });
        request.resume();
    }

    private void tooLarge(RoutingContext rc) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close")
                    .end("request body larger than simulator.max-request-bytes (" + maxRequestBytes + " bytes)");
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Handler<RoutingContext> counted(Protocol protocol) {
        return rc -> {
            stats.countRequest(protocol);
            rc.next();
        };
    }

    /** Keeps the body for {@code GET /simulator/requests}. */
    private Handler<RoutingContext> recorded(Protocol protocol) {
        return rc -> {
            String body = body(rc);
            boolean truncated = body.length() > maxBodyChars;
            stats.recordBody(new RawRequest(RequestIds.of(rc), protocol, rc.request().method().name(),
                    rc.request().path(), Instant.now().toString(), headers(rc),
                    truncated ? body.substring(0, maxBodyChars) : body, truncated));
            rc.next();
        };
    }

    private static Map<String, String> headers(RoutingContext rc) {
        Map<String, String> headers = new LinkedHashMap<>();
        rc.request().headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            headers.merge(name, SECRET_HEADERS.contains(name) ? "<redacted>" : h.getValue(), (a, b) -> a + ", " + b);
        });
        return headers;
    }
}
