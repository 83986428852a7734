package dev.switchboard.gateway.routing;

import dev.switchboard.gateway.errors.GatewayError;

/** A request that cannot be routed: the model is unknown or not allowed, or no live worker serves it. */
public class RoutingException extends RuntimeException {

    public enum Kind {
        /** No worker serves a model of that name. */
        UNKNOWN_MODEL,
        /** The model is known, but none of the workers serving it can take work now. */
        NO_LIVE_WORKER,
        /** The operator's settings do not allow the model, e.g. a cloud model while cloud is off. */
        FORBIDDEN
    }

    private final Kind kind;

    public RoutingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The refusal as every front renders it. */
    public GatewayError toGatewayError() {
        GatewayError error = switch (kind) {
            case UNKNOWN_MODEL -> GatewayError.notFound(getMessage());
            case NO_LIVE_WORKER -> GatewayError.overloaded(getMessage());
            case FORBIDDEN -> GatewayError.forbidden(getMessage());
        };
        error.initCause(this);
        return error;
    }
}
