package dev.switchboard.session.conversation.rest;

/** The error body, in Anthropic's shape like the gateway's: {@code {"type":"error","error":{"type","message"}}}. */
public record ApiError(String type, Detail error) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String API_ERROR = "api_error";

    public record Detail(String type, String message) {
    }

    public static ApiError of(String type, String message) {
        return new ApiError("error", new Detail(type, message));
    }
}
