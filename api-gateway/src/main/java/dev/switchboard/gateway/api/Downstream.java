package dev.switchboard.gateway.api;

import dev.switchboard.contract.error.ApiErrorType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * The answers of the services behind the gateway's {@code /api} endpoints: passed to the client as
 * they are (status, body, content type), or a 503 in the gateway's error shape when the service
 * cannot be reached.
 */
public final class Downstream {

    private static final Logger LOG = Logger.getLogger(Downstream.class);

    private Downstream() {
    }

    /** The service's answer to the call as it is, or a 503 naming the service when it cannot be had. */
    public static Uni<Response> relay(String service, Uni<Response> call) {
        return call.map(Downstream::relay).onFailure().recoverWithItem(failure -> unavailable(service, failure));
    }

    static Response relay(Response answer) {
        Response.ResponseBuilder relayed = Response.status(answer.getStatus());
        String type = answer.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            relayed.type(type);
        }
        String disposition = answer.getHeaderString("Content-Disposition");
        if (disposition != null) {
            relayed.header("Content-Disposition", disposition);
        }
        String location = answer.getHeaderString(HttpHeaders.LOCATION);
        if (location != null) {
            // The service names itself; the client knows only the gateway.
            URI uri = URI.create(location);
            relayed.header(HttpHeaders.LOCATION, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        if (answer.hasEntity()) {
            relayed.entity(answer.readEntity(byte[].class));
        }
        return relayed.build();
    }

    /** The service did not answer in time, refused the connection, or its circuit is open. */
    static Response unavailable(String service, Throwable failure) {
        String why = switch (failure) {
            case CircuitBreakerOpenException open -> "it failed repeatedly, so calls are paused for a few seconds";
            case TimeoutException timeout -> "it did not answer in time";
            default -> String.valueOf(failure.getMessage());
        };
        LOG.warnf("%s unavailable: %s", service, why);
        return ApiExceptionMappers.body(503, ApiErrorType.API, service + " is not available now (" + why + "); try again shortly");
    }
}
