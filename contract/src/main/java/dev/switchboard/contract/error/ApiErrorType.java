package dev.switchboard.contract.error;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * The error types of Switchboard's HTTP APIs, each with the HTTP status it comes with. They are
 * Anthropic's, as Anthropic documents them, so one client reads the gateway's errors and the
 * services' alike. The one table of these pairs.
 */
public enum ApiErrorType {
    INVALID_REQUEST("invalid_request_error", 400),
    AUTHENTICATION("authentication_error", 401),
    PERMISSION("permission_error", 403),
    NOT_FOUND("not_found_error", 404),
    REQUEST_TOO_LARGE("request_too_large", 413),
    RATE_LIMIT("rate_limit_error", 429),
    API("api_error", 500),
    TIMEOUT("timeout_error", 504),
    OVERLOADED("overloaded_error", 529);

    private final String wireName;
    private final int status;

    ApiErrorType(String wireName, int status) {
        this.wireName = wireName;
        this.status = status;
    }

    /** The type as it travels in the body, e.g. {@code not_found_error}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The HTTP status this type comes with. */
    public int status() {
        return status;
    }

    /**
     * The type answered with this HTTP status. A status the table lacks reads as
     * {@link #INVALID_REQUEST} when it is a 4xx (Anthropic's own rule) and {@link #API} otherwise.
     */
    public static ApiErrorType forStatus(int status) {
        return Arrays.stream(values())
                .filter(type -> type.status == status)
                .findFirst()
                .orElse(status >= 400 && status < 500 ? INVALID_REQUEST : API);
    }

    /** The type with this wire name, if it is one of ours. */
    public static Optional<ApiErrorType> fromWire(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
