package dev.switchboard.session.conversation.rest;

import dev.switchboard.contract.error.ApiError;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.session.conversation.service.ConversationNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one set of exception mappers: every failure of the REST API answers in {@link ErrorBody}'s shape. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidRequest(InvalidRequestException e) {
        return answer(ApiError.invalidRequest(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> apiError(ApiError e) {
        return answer(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notFound(ConversationNotFoundException e) {
        return answer(ApiError.notFound(e.getMessage()));
    }

    /** What JAX-RS itself refuses: an unknown path, a method or media type the path does not take. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return answer(ApiError.internal("the session service failed; see its log").withStatus(status));
        }
        ApiError error = switch (status) {
            case 404 -> ApiError.notFound("no such resource; the API lives under /api/sessions");
            case 405 -> ApiError.invalidRequest("this method is not allowed here; see /q/openapi for the API");
            case 406 -> ApiError.invalidRequest("the export is text/markdown or application/json; accept one of them");
            case 415 -> ApiError.invalidRequest("send the body as application/json");
            default -> ApiError.invalidRequest(e.getMessage());
        };
        return answer(error.withStatus(status));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        LOG.error("request failed", e);
        return answer(ApiError.internal("the session service failed: " + e.getMessage()));
    }

    private static RestResponse<ErrorBody> answer(ApiError error) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(error.status())
                .entity(error.body())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
