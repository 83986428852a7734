package dev.switchboard.worker.mlx;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.testkit.NoBackend;
import dev.switchboard.worker.core.testkit.TestJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing listens at the backend URL: every call fails fast as OVERLOADED, naming the URL. */
@QuarkusTest
@TestProfile(NoBackend.class)
class UnreachableServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    OpenAiCompatibleBackend backend;

    @Inject
    BackendProbe probe;

    @Inject
    ModelSource catalog;

    @ConfigProperty(name = "switchboard.worker.backend-url")
    String backendUrl;

    @Test
    void generateFailsAsOverloaded() {
        Throwable failure = backend.generate(TestJobs.job("mlx-community/Qwen3-8B-4bit", "hi")).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(WAIT).getFailure();

        assertUnreachable(failure);
    }

    @Test
    void listingModelsAndProbingFailTheSameWay() {
        assertUnreachable(catalog.models().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure(WAIT).getFailure());
        assertUnreachable(probe.probe().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure(WAIT).getFailure());
    }

    private void assertUnreachable(Throwable failure) {
        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backendFailure -> {
            assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(backendFailure.getMessage()).startsWith(backendUrl + " is not reachable");
        });
    }
}
