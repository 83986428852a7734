package dev.switchboard.worker.ollama.config;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.http.BackendServer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Ollama's failures as worker-core's classification reads them with Ollama's error bodies. */
class OllamaErrorsTest {

    private static final String URL = "http://127.0.0.1:11434";
    private static final BackendServer OLLAMA = OllamaServerProducer.ollama(URL, Duration.ofSeconds(2), Duration.ofSeconds(3));

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "404 | {\"error\":\"model 'llama9' not found\"}                                | NOT_FOUND       | Ollama at http://127.0.0.1:11434 answered 404: model 'llama9' not found",
            "400 | {\"error\":\"\\\"gemma:2b\\\" does not support tools\"}                   | INVALID_REQUEST | \"gemma:2b\" does not support tools",
            "403 | {\"error\":\"remote model is unavailable\"}                             | INVALID_REQUEST | remote model is unavailable",
            "429 | {\"error\":\"too many requests\"}                                       | OVERLOADED      | Ollama at http://127.0.0.1:11434 is busy (HTTP 429): too many requests",
            "503 | {\"error\":\"server busy, please try again.\"}                          | OVERLOADED      | server busy",
            "500 | {\"error\":\"llama runner process has terminated: signal: killed\"}     | BACKEND_ERROR   | Ollama at http://127.0.0.1:11434 failed (HTTP 500): llama runner process has terminated",
            "502 | <html>Bad Gateway</html>                                                | BACKEND_ERROR   | <html>Bad Gateway</html>",
            "500 | ''                                                                      | BACKEND_ERROR   | HTTP 500"})
    void classifiesStatuses(int status, String body, ErrorType type, String message) {
        assertThat(OLLAMA.forStatus(status, body)).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(type);
            assertThat(failure.getMessage()).contains(message);
        });
    }

    @Test
    void aConnectionThatCannotBeOpenedOrBreaksMeansOllamaIsNotReachable() {
        for (Throwable failure : new Throwable[]{
                new ProcessingException(new ConnectException("Connection refused")),
                new IOException("Connection reset by peer"),
                new HttpClosedException("Connection was closed"),
                new NoStackTraceTimeoutException("The timeout period of 2000ms has been exceeded")}) {
            assertThat(OLLAMA.classify(failure)).satisfies(classified -> {
                assertThat(classified.type()).isEqualTo(ErrorType.OVERLOADED);
                assertThat(classified.getMessage()).startsWith("Ollama at " + URL + " is not reachable: ");
            });
        }
    }

    @Test
    void anythingElseIsABackendError() {
        assertThat(OLLAMA.classify(new IllegalStateException("unexpected JSON")).type()).isEqualTo(ErrorType.BACKEND_ERROR);
    }
}
