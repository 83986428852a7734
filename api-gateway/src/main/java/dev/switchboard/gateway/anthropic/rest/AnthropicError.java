package dev.switchboard.gateway.anthropic.rest;

/** An error answered before any byte of a response, in Anthropic's shape and with its HTTP status. */
public class AnthropicError extends RuntimeException {

    private final int status;
    private final String type;

    public AnthropicError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static AnthropicError notFound(String message) {
        return new AnthropicError(404, "not_found_error", message);
    }

    public static AnthropicError invalidRequest(String message) {
        return new AnthropicError(400, "invalid_request_error", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
