package dev.switchboard.worker.ollama;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.backend.http.BackendStream;
import dev.switchboard.worker.core.testkit.NoBackend;
import dev.switchboard.worker.core.testkit.TestJobs;
import dev.switchboard.worker.ollama.mapping.ChatLineDecoder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing listens at the backend URL: every call fails fast as OVERLOADED, naming the URL. */
@QuarkusTest
@TestProfile(NoBackend.class)
class UnreachableOllamaTest {

    @Inject
    OllamaBackend backend;

    @Inject
    BackendStream stream;

    @Inject
    ModelSource catalog;

    @ConfigProperty(name = "switchboard.worker.backend-url")
    String backendUrl;

    @Test
    void generateFailsAsOverloadedWhenOllamaIsNotReachable() {
        Throwable failure = backend.generate(TestJobs.job("llama3.2:latest", "hi")).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backendFailure -> {
            assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(backendFailure.getMessage()).contains("Ollama at " + backendUrl + " is not reachable");
        });
    }

    @Test
    void theChatStreamFailsTheSameWay() {
        Throwable failure = stream.post("/api/chat", TestJobs.object("{\"model\":\"llama3.2\",\"messages\":[]}"), Map.of(), ChatLineDecoder::new)
                .subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backendFailure -> {
            assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(backendFailure.getMessage()).contains("Ollama at " + backendUrl + " is not reachable");
        });
    }

    @Test
    void listingModelsFailsTheSameWay() {
        Throwable failure = catalog.models().subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class,
                backendFailure -> assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED));
    }
}
