package dev.switchboard.worker.mlx.config;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.http.BackendServer;
import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The servers' failures as worker-core's classification reads them with their error bodies. */
class OpenAiCompatibleErrorsTest {

    private static final String URL = "http://127.0.0.1:8080";
    private static final BackendServer SERVER = OpenAiCompatibleProducers.server(URL, Duration.ofSeconds(2), Duration.ofSeconds(3));

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(404, "{\"error\": \"[Errno 2] No such file or directory: 'mlx-community/Nope/config.json'\"}",
                        ErrorType.NOT_FOUND, "answered 404: [Errno 2] No such file or directory"),
                Arguments.of(404, "{\"error\":{\"message\":\"The model `gpt-x` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}}",
                        ErrorType.NOT_FOUND, "The model `gpt-x` does not exist."),
                Arguments.of(404, "{\"object\":\"error\",\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}",
                        ErrorType.NOT_FOUND, "The model `x` does not exist."),
                Arguments.of(400, "{\"error\": \"Invalid JSON in request body: Expecting value: line 1 column 1 (char 0)\"}",
                        ErrorType.INVALID_REQUEST, "refused the request (HTTP 400): Invalid JSON in request body"),
                Arguments.of(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing it\","
                        + "\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":9000,\"n_ctx\":8192}}",
                        ErrorType.INVALID_REQUEST, "the request exceeds the available context size"),
                Arguments.of(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field required\"}]}",
                        ErrorType.INVALID_REQUEST, "Field required"),
                Arguments.of(413, "", ErrorType.INVALID_REQUEST, "refused the request (HTTP 413)"),
                Arguments.of(411, "{\"error\": \"Content-Length header is required\"}",
                        ErrorType.BACKEND_ERROR, "sent the request body chunked, without a Content-Length"),
                Arguments.of(401, "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\",\"type\":\"authentication_error\"}}",
                        ErrorType.BACKEND_ERROR, "switchboard.openai.api-key"),
                Arguments.of(429, "{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit_error\"}}",
                        ErrorType.OVERLOADED, "is busy (HTTP 429): Too many requests"),
                Arguments.of(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}",
                        ErrorType.OVERLOADED, "is busy (HTTP 503): Loading model"),
                Arguments.of(500, "{\"error\": \"[metal::malloc] Attempting to allocate 9000000000 bytes\"}",
                        ErrorType.BACKEND_ERROR, "failed (HTTP 500): [metal::malloc]"),
                Arguments.of(502, "<html><body>Bad Gateway</body></html>", ErrorType.BACKEND_ERROR, "failed (HTTP 502): <html>"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void statuses(int status, String body, ErrorType type, String message) {
        BackendException failure = SERVER.forStatus(status, body);

        assertThat(failure.type()).isEqualTo(type);
        assertThat(failure.getMessage()).startsWith(URL).contains(message);
    }

    static Stream<Arguments> transport() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused")),
                Arguments.of(new HttpClosedException("Connection was closed")),
                Arguments.of(new RuntimeException(new java.util.concurrent.TimeoutException("timed out"))));
    }

    @ParameterizedTest
    @MethodSource
    void transport(Throwable failure) {
        BackendException classified = SERVER.classify(failure);

        assertThat(classified.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(classified.getMessage()).startsWith(URL + " is not reachable: ");
    }
}
