package dev.switchboard.session.conversation.rest;

import dev.switchboard.session.conversation.service.ConversationNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one set of exception mappers: every failure of the REST API answers in {@link ApiError}'s shape. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> invalidRequest(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST.getStatusCode(), ApiError.INVALID_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(ConversationNotFoundException e) {
        return error(Response.Status.NOT_FOUND.getStatusCode(), ApiError.NOT_FOUND, e.getMessage());
    }

    /** What JAX-RS itself refuses: an unknown path, a method or media type the path does not take. */
    @ServerExceptionMapper
    public RestResponse<ApiError> refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return error(status, ApiError.API_ERROR, "the session service failed; see its log");
        }
        String type = status == 404 ? ApiError.NOT_FOUND : ApiError.INVALID_REQUEST;
        String message = switch (status) {
            case 404 -> "no such resource; the API lives under /api/sessions";
            case 405 -> "this method is not allowed here; see /q/openapi for the API";
            case 406 -> "the export is text/markdown or application/json; accept one of them";
            case 415 -> "send the body as application/json";
            default -> e.getMessage();
        };
        return error(status, type, message);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        LOG.error("request failed", e);
        return error(500, ApiError.API_ERROR, "the session service failed: " + e.getMessage());
    }

    private static RestResponse<ApiError> error(int status, String type, String message) {
        return RestResponse.ResponseBuilder.<ApiError>create(status)
                .entity(ApiError.of(type, message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
