package dev.switchboard.contract.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The error body of every Switchboard HTTP API, in Anthropic's shape:
 * {@code {"type":"error","error":{"type":"…","message":"…"},"request_id":"…"}}, without
 * {@code request_id} when there is none.
 */
public record ErrorBody(
        String type,
        Detail error,
        @JsonProperty("request_id") @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) {

    public record Detail(String type, String message) {
    }

    public static ErrorBody of(ApiErrorType type, String message) {
        return new ErrorBody("error", new Detail(type.wireName(), message), null);
    }

    public ErrorBody withRequestId(String id) {
        return new ErrorBody(type, error, id);
    }
}
