package dev.switchboard.metrics.api;

import dev.switchboard.metrics.usage.repository.DatabaseFailures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one error format of the {@code /api/metrics} endpoints, whatever failed. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiError(ApiError error) {
        return body(error.status(), error.type(), error.getMessage());
    }

    /** Framework refusals (unknown path, wrong method or media type) keep their status, in our shape. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(failure);
        }
        return switch (status) {
            case 404 -> body(404, ApiError.NOT_FOUND, "no such endpoint");
            case 405 -> body(405, ApiError.INVALID_REQUEST, "this method is not allowed on this endpoint");
            case 406 -> body(406, ApiError.INVALID_REQUEST, "this endpoint answers application/json");
            default -> body(status, ApiError.INVALID_REQUEST, "the request could not be read: " + failure.getMessage());
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        if (DatabaseFailures.isTransient(failure)) {
            LOG.warnf("api request failed, the database is unavailable: %s", failure.getMessage());
            return body(503, ApiError.API, "the usage database is unavailable; try again shortly");
        }
        LOG.error("api request failed", failure);
        return body(500, ApiError.API, "internal error in the metrics service; its log has the details");
    }

    private static Response body(int status, String type, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ErrorBody.of(type, message)).build();
    }
}
