package dev.switchboard.worker.ollama;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.model.PullProgress;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelManagement;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pull, delete and show on a fake Ollama that answers as Ollama's API does. */
@QuarkusTest
@WithTestResource(FakeOllama.class)
class OllamaModelsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ModelManagement models;

    FakeOllamaServer ollama;

    @Test
    void aPullReportsOllamasProgressUntilSuccessAndTheModelIsThen() {
        List<PullProgress> progress = models.pull("smollm2:135m").subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE))
                .awaitCompletion(WAIT).getItems();

        String digest = "sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa";
        assertThat(progress).containsExactly(
                PullProgress.step("pulling manifest"),
                new PullProgress("pulling 6a0746a1ec1a", digest, 4661211424L, null),
                new PullProgress("pulling 6a0746a1ec1a", digest, 4661211424L, 4661211424L),
                PullProgress.step("verifying sha256 digest"),
                PullProgress.step("writing manifest"),
                PullProgress.step("success"));
        assertThat(models.show("smollm2:135m").await().atMost(WAIT).path("model_info").path("llama.context_length").asInt())
                .isEqualTo(8192);
    }

    @Test
    void aNameTheRegistryDoesNotHaveIsNotFound() {
        AssertSubscriber<PullProgress> pull = models.pull("no-such-model:1b").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(WAIT);

        assertThat(pull.getItems()).containsExactly(PullProgress.step("pulling manifest"));
        assertThat(pull.getFailure()).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND);
            assertThat(failure.getMessage()).isEqualTo("Ollama could not pull no-such-model:1b: pull model manifest: file does not exist");
        });
    }

    @Test
    void deleteRemovesTheModelAndSaysWhenThereIsNone() {
        ollama.model("doomed:1b", "llama", 4096, "completion");

        models.delete("doomed:1b").await().atMost(WAIT);

        Throwable again = models.delete("doomed:1b").subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure();
        assertThat(again).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND);
            assertThat(failure.getMessage()).contains("model 'doomed:1b' not found");
        });
        Throwable shown = models.show("doomed:1b").subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure();
        assertThat(shown).isInstanceOfSatisfying(BackendException.class,
                failure -> assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND));
    }
}
