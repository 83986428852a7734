package dev.switchboard.messaging;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OneRoundAtATimeTest {

    private final List<Object> items = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger started = new AtomicInteger();

    @Test
    void aRoundDueWhileTheOneBeforeRunsIsSkippedAndAFinishedRoundLetsTheNextOneRun() {
        OneRoundAtATime rounds = new OneRoundAtATime(Duration.ofSeconds(30));
        AtomicReference<UniEmitter<? super String>> pending = new AtomicReference<>();

        rounds.run(() -> {
            started.incrementAndGet();
            return Uni.createFrom().<String>emitter(pending::set);
        }, items::add, failures::add);
        rounds.run(this::counted, items::add, failures::add);
        assertThat(started).as("skipped while the first runs").hasValue(1);

        pending.get().complete("first");
        rounds.run(this::counted, items::add, failures::add);

        assertThat(started).hasValue(2);
        assertThat(items).containsExactly("first", "counted");
        assertThat(failures).isEmpty();
    }

    @Test
    void aRoundWithoutAReplyIsGivenUpAfterItsLimitAndTheNextOneRuns() {
        OneRoundAtATime rounds = new OneRoundAtATime(Duration.ofMillis(100));

        rounds.run(() -> {
            started.incrementAndGet();
            return Uni.createFrom().nothing();
        }, items::add, failures::add);

        await().atMost(Duration.ofSeconds(5)).until(() -> !failures.isEmpty());
        assertThat(failures.getFirst()).isInstanceOf(TimeoutException.class);
        rounds.run(this::counted, items::add, failures::add);
        assertThat(started).hasValue(2);
        assertThat(items).containsExactly("counted");
    }

    @Test
    void aRoundThatFailsToStartStillLetsTheNextOneRun() {
        OneRoundAtATime rounds = new OneRoundAtATime(Duration.ofSeconds(30));

        rounds.run(() -> {
            throw new IllegalStateException("no connection");
        }, items::add, failures::add);
        rounds.run(this::counted, items::add, failures::add);

        assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(items).containsExactly("counted");
    }

    private Uni<String> counted() {
        started.incrementAndGet();
        return Uni.createFrom().item("counted");
    }
}
