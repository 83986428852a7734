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
        /** No credential, or one the gateway does not accept (unknown, revoked, disabled, expired key). */
        UNAUTHENTICATED(401),
        /** The operator's settings do not allow it, e.g. a cloud model while cloud is off, or a model outside the key's allowance. */
        PERMISSION(403),
        /** What it names does not exist (model, generation, server). */
        NOT_FOUND(404),
        /** The body is larger than the endpoint accepts. */
        TOO_LARGE(413),
        /** The key's limits are used up for now; {@link #retryAfterSeconds()} says when to try again. */
        RATE_LIMITED(429),
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
    private final long retryAfterSeconds;

    public GatewayError(Kind kind, String message) {
        this(kind, message, -1);
    }

    private GatewayError(Kind kind, String message, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayError unauthenticated(String message) {
        return new GatewayError(Kind.UNAUTHENTICATED, message);
    }

    /** @param retryAfterSeconds when the limit that refused it lets a request through again, at least 1 */
    public static GatewayError rateLimited(String message, long retryAfterSeconds) {
        return new GatewayError(Kind.RATE_LIMITED, message, Math.max(1, retryAfterSeconds));
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

    /** Seconds until a retry may pass, for a rate-limited refusal; -1 for the others. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
