package dev.switchboard.gateway.errors;

/**
 * A request the gateway refuses before any byte of its answer, in no protocol's shape: each front
 * renders it in its own (Anthropic's error body, OpenAI's, Ollama's), and the {@code /api}
 * endpoints in theirs. Shared code (routing, the job pipeline, the relays) throws only this.
 */
public class GatewayError extends RuntimeException {

    /** What went wrong, as every front can say it; {@link #httpStatus()} is the plain HTTP reading. */
    public enum Kind {
        /** The request cannot be run as sent. */
        INVALID_REQUEST(400),
        /** The operator's settings do not allow it, e.g. a cloud model while cloud is off. */
        PERMISSION(403),
        /** What it names does not exist (model, generation, server). */
        NOT_FOUND(404),
        /** The body is larger than the endpoint accepts. */
        TOO_LARGE(413),
        /** Nothing can serve it now; trying again later may work. */
        OVERLOADED(503),
        /** The gateway itself failed. */
        INTERNAL(500);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public GatewayError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static GatewayError invalidRequest(String message) {
        return new GatewayError(Kind.INVALID_REQUEST, message);
    }

    public static GatewayError forbidden(String message) {
        return new GatewayError(Kind.PERMISSION, message);
    }

    public static GatewayError notFound(String message) {
        return new GatewayError(Kind.NOT_FOUND, message);
    }

    public static GatewayError tooLarge(String message) {
        return new GatewayError(Kind.TOO_LARGE, message);
    }

    public static GatewayError overloaded(String message) {
        return new GatewayError(Kind.OVERLOADED, message);
    }

    public static GatewayError internal(String message) {
        return new GatewayError(Kind.INTERNAL, message);
    }

    public Kind kind() {
        return kind;
    }
}
