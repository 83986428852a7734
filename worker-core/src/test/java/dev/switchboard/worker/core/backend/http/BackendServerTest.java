package dev.switchboard.worker.core.backend.http;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** One classification for every backend; what differs is the label, the key setting and where bodies keep their message. */
class BackendServerTest {

    private static final ErrorBodyReader ERROR_FIELD = body -> body.path("error").isTextual() ? body.path("error").asText() : null;
    private static final BackendServer KEYLESS = new BackendServer("http://127.0.0.1:9/", "Server at http://127.0.0.1:9",
            Duration.ofSeconds(2), Duration.ofSeconds(3), "x.idle-timeout", null, ERROR_FIELD);
    private static final BackendServer KEYED = new BackendServer("http://127.0.0.1:9", "http://127.0.0.1:9",
            Duration.ofSeconds(2), Duration.ofSeconds(3), "x.idle-timeout", "x.api-key", ERROR_FIELD);

    @ParameterizedTest(name = "{0} {1}, key setting {2}")
    @CsvSource(delimiter = '|', value = {
            "404 | {\"error\":\"no such model\"}  | false | NOT_FOUND       | Server at http://127.0.0.1:9 answered 404: no such model",
            "400 | {\"error\":\"bad\"}            | false | INVALID_REQUEST | refused the request (HTTP 400): bad",
            "401 | {\"error\":\"who are you\"}    | false | INVALID_REQUEST | refused the request (HTTP 401): who are you",
            "403 | {\"error\":\"forbidden\"}      | true  | BACKEND_ERROR   | refused the worker's credentials (HTTP 403; see x.api-key): forbidden",
            "411 | ''                           | true  | BACKEND_ERROR   | without a Content-Length",
            "429 | {\"error\":\"slow down\"}      | true  | OVERLOADED      | is busy (HTTP 429): slow down",
            "503 | {\"message\":\"loading\"}      | true  | OVERLOADED      | is busy (HTTP 503): {\"message\":\"loading\"}",
            "500 | <html>oops</html>            | false | BACKEND_ERROR   | failed (HTTP 500): <html>oops</html>",
            "502 | ''                           | false | BACKEND_ERROR   | failed (HTTP 502)"})
    void classifiesStatuses(int status, String body, boolean keyed, ErrorType type, String message) {
        BackendException failure = (keyed ? KEYED : KEYLESS).forStatus(status, body);

        assertThat(failure.type()).isEqualTo(type);
        assertThat(failure.getMessage()).startsWith((keyed ? KEYED : KEYLESS).label()).contains(message);
    }

    @Test
    void aLongBodyIsShortened() {
        assertThat(KEYLESS.forStatus(500, "x".repeat(1000)).getMessage()).endsWith("x".repeat(300) + "…");
    }

    @Test
    void transportFailuresSilenceAndTheRest() {
        assertThat(KEYLESS.classify(new IOException("Connection reset by peer"))).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(failure.getMessage()).isEqualTo("Server at http://127.0.0.1:9 is not reachable: Connection reset by peer");
        });
        assertThat(KEYLESS.brokeOff(new IOException("Connection reset by peer"))).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains("broke off the stream");
        });
        assertThat(KEYLESS.silent()).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(failure.getMessage()).isEqualTo("Server at http://127.0.0.1:9 sent nothing for 3 s (x.idle-timeout)");
        });
        BackendException classified = KEYLESS.silent();
        assertThat(KEYLESS.classify(classified)).isSameAs(classified);
        assertThat(KEYLESS.classify(new IllegalStateException("odd")).type()).isEqualTo(ErrorType.BACKEND_ERROR);
    }

    @Test
    void joinsPathsWithOneSlash() {
        assertThat(KEYLESS.url("/api/chat")).isEqualTo("http://127.0.0.1:9/api/chat");
        assertThat(KEYED.url("/api/chat")).isEqualTo("http://127.0.0.1:9/api/chat");
    }
}
