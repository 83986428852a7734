package dev.switchboard.contract.error;

/**
 * A request refused or failed before any byte of the answer, with the HTTP status and error type it
 * is answered with. Build it by name ({@code ApiError.notFound(msg)}), never from a literal
 * status/type pair; {@link #withStatus} is for the few answers whose status is not the type's own
 * (a 405 that is an {@code invalid_request_error}, a 503 that is an {@code api_error}).
 */
public class ApiError extends RuntimeException {

    private final int status;
    private final ApiErrorType kind;

    private ApiError(int status, ApiErrorType kind, String message) {
        super(message);
        this.status = status;
        this.kind = kind;
    }

    public static ApiError of(ApiErrorType kind, String message) {
        return new ApiError(kind.status(), kind, message);
    }

    public static ApiError invalidRequest(String message) {
        return of(ApiErrorType.INVALID_REQUEST, message);
    }

    public static ApiError authentication(String message) {
        return of(ApiErrorType.AUTHENTICATION, message);
    }

    public static ApiError permission(String message) {
        return of(ApiErrorType.PERMISSION, message);
    }

    public static ApiError notFound(String message) {
        return of(ApiErrorType.NOT_FOUND, message);
    }

    public static ApiError requestTooLarge(String message) {
        return of(ApiErrorType.REQUEST_TOO_LARGE, message);
    }

    public static ApiError rateLimited(String message) {
        return of(ApiErrorType.RATE_LIMIT, message);
    }

    public static ApiError internal(String message) {
        return of(ApiErrorType.API, message);
    }

    public static ApiError timeout(String message) {
        return of(ApiErrorType.TIMEOUT, message);
    }

    public static ApiError overloaded(String message) {
        return of(ApiErrorType.OVERLOADED, message);
    }

    /** The same error answered with another HTTP status. */
    public ApiError withStatus(int otherStatus) {
        return new ApiError(otherStatus, kind, getMessage());
    }

    public int status() {
        return status;
    }

    public ApiErrorType kind() {
        return kind;
    }

    /** The wire name of the error type, e.g. {@code invalid_request_error}. */
    public String type() {
        return kind.wireName();
    }

    /** The body this error is answered with. */
    public ErrorBody body() {
        return ErrorBody.of(kind, getMessage());
    }
}
