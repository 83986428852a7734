package dev.switchboard.metrics.usage;

import dev.switchboard.contract.completion.Completion;
import dev.switchboard.metrics.usage.service.RetentionPurge;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.switchboard.metrics.usage.UsageApi.awaitStored;
import static dev.switchboard.metrics.usage.UsageApi.stored;
import static org.assertj.core.api.Assertions.assertThat;

/** The purge against the real database; the test profile deletes two rows a batch. */
@QuarkusTest
class RetentionPurgeTest {

    private final CompletionsTopic topic = new CompletionsTopic();

    @Inject
    RetentionPurge purge;

    @AfterEach
    void tearDown() {
        topic.close();
    }

    @Test
    void recordsOlderThanTheRetentionAreDeletedBatchByBatch() throws Throwable {
        String model = TestCompletion.uniqueModel("retention");
        Instant longAgo = Instant.now().minus(Duration.ofDays(500)).truncatedTo(ChronoUnit.MILLIS);
        List<Completion> expired = List.of(
                TestCompletion.of(model).finishedAt(longAgo).build(),
                TestCompletion.of(model).finishedAt(longAgo.plusSeconds(1)).build(),
                TestCompletion.of(model).finishedAt(Instant.now().minus(Duration.ofDays(401))).build());
        Completion kept = TestCompletion.of(model).finishedAt(Instant.now().minus(Duration.ofDays(399))).build();
        expired.forEach(topic::publish);
        topic.publish(kept);
        expired.forEach(completion -> awaitStored(completion.jobId()));
        awaitStored(kept.jobId());

        // The purge runs on a Vert.x context, as the scheduler runs it.
        long deleted = VertxContextSupport.subscribeAndAwait(() -> purge.purge());

        assertThat(deleted).isGreaterThanOrEqualTo(expired.size());
        assertThat(expired).noneMatch(completion -> stored(completion.jobId()));
        assertThat(stored(kept.jobId())).isTrue();
    }
}
