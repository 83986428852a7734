package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.error.ErrorBody;
import dev.switchboard.contract.json.Json;

/**
 * Anthropic's error types by name, and its error body, as the Anthropic front writes them: a view
 * of the contract's one table ({@link ApiErrorType}) and body ({@link ErrorBody}), which the
 * gateway's {@code /api} endpoints and the services answer with too.
 */
public final class AnthropicErrors {

    public static final String INVALID_REQUEST = ApiErrorType.INVALID_REQUEST.wireName();
    public static final String AUTHENTICATION = ApiErrorType.AUTHENTICATION.wireName();
    public static final String PERMISSION = ApiErrorType.PERMISSION.wireName();
    public static final String NOT_FOUND = ApiErrorType.NOT_FOUND.wireName();
    public static final String REQUEST_TOO_LARGE = ApiErrorType.REQUEST_TOO_LARGE.wireName();
    public static final String RATE_LIMIT = ApiErrorType.RATE_LIMIT.wireName();
    public static final String API = ApiErrorType.API.wireName();
    public static final String TIMEOUT = ApiErrorType.TIMEOUT.wireName();
    public static final String OVERLOADED = ApiErrorType.OVERLOADED.wireName();

    private AnthropicErrors() {
    }

    /** {@code {"type":"error","error":{"type":…,"message":…},"request_id":…}}; no request_id when null. */
    public static ObjectNode body(String type, String message, String requestId) {
        return Json.mapper().valueToTree(new ErrorBody("error", new ErrorBody.Detail(type, message), requestId));
    }

    /** The error type Anthropic answers with this HTTP status. */
    public static String typeOf(int status) {
        return ApiErrorType.forStatus(status).wireName();
    }

    /** The HTTP status that comes with this Anthropic error type; 500 for a type Anthropic does not define. */
    public static int statusOf(String type) {
        return ApiErrorType.fromWire(type).map(ApiErrorType::status).orElse(500);
    }
}
