package dev.switchboard.worker.ollama;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import dev.switchboard.worker.ollama.client.ChatStream;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing listens at the backend URL: every call fails fast as OVERLOADED, naming the URL. */
@QuarkusTest
@TestProfile(ReadinessWithoutBackendTest.NoOllama.class)
class UnreachableOllamaTest {

    @Inject
    OllamaBackend backend;

    @Inject
    ChatStream chat;

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
        Throwable failure = chat.generate(TestJobs.object("{\"model\":\"llama3.2\",\"messages\":[]}")).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backendFailure -> {
            assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(backendFailure.getMessage()).contains("Ollama at " + backendUrl + " is not reachable");
        });
    }

    @Test
    void listingModelsFailsTheSameWay() {
        Throwable failure = backend.models().subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(Duration.ofSeconds(10)).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class,
                backendFailure -> assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED));
    }
}
