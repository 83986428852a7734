package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.gateway.errors.GatewayError;

/**
 * How a canonical failure reads in Anthropic's protocol: the error type, and the HTTP status for
 * failures known before the response started. The one place this mapping is made.
 *
 * <table>
 *   <caption>canonical → Anthropic</caption>
 *   <tr><td>INVALID_REQUEST</td><td>400 invalid_request_error</td></tr>
 *   <tr><td>NOT_FOUND</td><td>404 not_found_error</td></tr>
 *   <tr><td>PERMISSION_DENIED</td><td>403 permission_error</td></tr>
 *   <tr><td>OVERLOADED</td><td>529 overloaded_error</td></tr>
 *   <tr><td>TIMEOUT</td><td>529 overloaded_error</td></tr>
 *   <tr><td>BACKEND_ERROR, INTERRUPTED, CANCELLED</td><td>500 api_error</td></tr>
 * </table>
 *
 * TIMEOUT is what a worker reports when no worker was free before the job's deadline: the pool is
 * saturated, which is exactly Anthropic's overloaded_error, and Claude Code and the SDKs back off
 * and retry it. (Anthropic's 504 timeout_error means a request that ran too long, which is not
 * this.) INTERRUPTED (a worker died) and BACKEND_ERROR are api_error, which the SDKs retry too.
 *
 * <p>A request the gateway refuses itself ({@link GatewayError}) reads the same way: overloaded is
 * Anthropic's 529, which its clients back off from and retry.
 */
public final class AnthropicErrorTypes {

    /** Anthropic's error type and the HTTP status it comes with. */
    public record Mapped(int status, String type) {
    }

    private AnthropicErrorTypes() {
    }

    public static Mapped of(ErrorType type) {
        if (type == null) {
            return new Mapped(500, AnthropicErrors.API);
        }
        return switch (type) {
            case INVALID_REQUEST -> new Mapped(400, AnthropicErrors.INVALID_REQUEST);
            case NOT_FOUND -> new Mapped(404, AnthropicErrors.NOT_FOUND);
            case PERMISSION_DENIED -> new Mapped(403, AnthropicErrors.PERMISSION);
            case OVERLOADED, TIMEOUT -> new Mapped(529, AnthropicErrors.OVERLOADED);
            case BACKEND_ERROR, INTERRUPTED, CANCELLED -> new Mapped(500, AnthropicErrors.API);
        };
    }

    public static Mapped ofRefusal(GatewayError.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> new Mapped(400, AnthropicErrors.INVALID_REQUEST);
            case UNAUTHENTICATED -> new Mapped(401, AnthropicErrors.AUTHENTICATION);
            case PERMISSION -> new Mapped(403, AnthropicErrors.PERMISSION);
            case RATE_LIMITED -> new Mapped(429, AnthropicErrors.RATE_LIMIT);
            case NOT_FOUND -> new Mapped(404, AnthropicErrors.NOT_FOUND);
            case TOO_LARGE -> new Mapped(413, AnthropicErrors.REQUEST_TOO_LARGE);
            case OVERLOADED -> new Mapped(529, AnthropicErrors.OVERLOADED);
            case INTERNAL -> new Mapped(500, AnthropicErrors.API);
        };
    }
}
