package dev.switchboard.metrics.api;

/**
 * A failure of one of the {@code /api/metrics} endpoints, answered in Switchboard's error shape:
 * {@code {"type":"error","error":{"type","message"}}}.
 */
public class ApiError extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String NOT_FOUND = "not_found_error";
    public static final String API = "api_error";

    private final int status;
    private final String type;

    public ApiError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static ApiError invalidRequest(String message) {
        return new ApiError(400, INVALID_REQUEST, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, NOT_FOUND, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
