package dev.switchboard.metrics.api;

import dev.switchboard.contract.error.ApiError;
import dev.switchboard.messaging.consumer.DatabaseFailures;
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
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error.body()).build();
    }

    /** Framework refusals (unknown path, wrong method or media type) keep their status, in our shape. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(failure);
        }
        return apiError(switch (status) {
            case 404 -> ApiError.notFound("no such endpoint");
            case 405 -> ApiError.invalidRequest("this method is not allowed on this endpoint").withStatus(405);
            case 406 -> ApiError.invalidRequest("this endpoint answers application/json").withStatus(406);
            default -> ApiError.invalidRequest("the request could not be read: " + failure.getMessage()).withStatus(status);
        });
    }

    @ServerExceptionMapper
    public Response unexpected(Exception failure) {
        if (DatabaseFailures.isTransient(failure)) {
            LOG.warnf("api request failed, the database is unavailable: %s", failure.getMessage());
            return apiError(ApiError.internal("the usage database is unavailable; try again shortly").withStatus(503));
        }
        LOG.error("api request failed", failure);
        return apiError(ApiError.internal("internal error in the metrics service; its log has the details"));
    }
}
