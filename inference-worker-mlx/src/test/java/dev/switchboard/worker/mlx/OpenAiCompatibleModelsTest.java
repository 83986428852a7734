package dev.switchboard.worker.mlx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelManagement;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An OpenAI-compatible server has no pull or delete: refused, saying why; a show tells what the listing knows. */
@QuarkusTest
@WithTestResource(FakeOpenAiCompatible.class)
class OpenAiCompatibleModelsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ModelManagement models;

    @Test
    void pullAndDeleteAreRefusedClearly() {
        Throwable pull = models.pull("mlx-community/Qwen3-8B-4bit").subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).awaitFailure(WAIT).getFailure();
        Throwable delete = models.delete("mlx-community/Qwen3-8B-4bit").subscribe()
                .withSubscriber(UniAssertSubscriber.create()).awaitFailure(WAIT).getFailure();

        assertThat(pull).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.INVALID_REQUEST);
            assertThat(failure.getMessage()).startsWith("cannot pull mlx-community/Qwen3-8B-4bit: http://127.0.0.1:")
                    .contains("is an OpenAI-compatible server (such as mlx_lm.server), which has no pull API");
        });
        assertThat(delete).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.INVALID_REQUEST);
            assertThat(failure.getMessage()).contains("which has no delete API");
        });
    }

    @Test
    void showTellsTheContextAndCapabilitiesTheListingGives() {
        JsonNode show = models.show("llama-3.2-3b-instruct").await().atMost(WAIT);

        assertThat(show.path("model_info").path("unknown.context_length").asInt()).isEqualTo(131072);
        assertThat(show.path("capabilities")).extracting(JsonNode::asText).containsExactly("completion", "tools");

        Throwable unknown = models.show("nope").subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure();
        assertThat(unknown).isInstanceOfSatisfying(BackendException.class,
                failure -> assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND));
    }
}
