package dev.switchboard.metrics.api;

/** {@code {"type":"error","error":{"type":"…","message":"…"}}}. */
public record ErrorBody(String type, Detail error) {

    public record Detail(String type, String message) {
    }

    public static ErrorBody of(String type, String message) {
        return new ErrorBody("error", new Detail(type, message));
    }
}
