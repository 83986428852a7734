package dev.switchboard.gateway.api;

import dev.switchboard.contract.Ids;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.gateway.errors.GatewayError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The error format of Switchboard's own {@code /api} endpoints: the same as Anthropic's, with a
 * request id, so that one client-side error reader serves both.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiError(GatewayError error) {
        int status = error.kind().httpStatus();
        if (status >= 500) {
            LOG.warnf("api request failed: %s %s", error.kind(), error.getMessage());
        }
        return body(status, ApiErrorType.forStatus(status), error.getMessage());
    }

    /** Framework refusals (unreadable JSON, wrong method or media type) keep their status, in our shape. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("api request failed", failure);
            return body(500, ApiErrorType.API, "internal error in the gateway");
        }
        String message = switch (status) {
            case 404 -> "no such endpoint";
            case 405 -> "this method is not allowed on this endpoint";
            case 406 -> "this endpoint answers application/json";
            case 415 -> "send the body as application/json";
            default -> "the request could not be read: " + failure.getMessage();
        };
        return body(status, ApiErrorType.forStatus(status), message);
    }

    public static Response body(int status, ApiErrorType type, String message) {
        String requestId = Ids.request();
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .header("request-id", requestId)
                .entity(ErrorBody.of(type, message).withRequestId(requestId))
                .build();
    }
}
