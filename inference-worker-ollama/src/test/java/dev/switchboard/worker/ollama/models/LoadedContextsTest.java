package dev.switchboard.worker.ollama.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LoadedContextsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicReference<String> ps = new AtomicReference<>(ps("qwen3:8b", 16384));

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    /** When set, Ollama's answers wait until the test runs this. */
    private final AtomicReference<Runnable> pending = new AtomicReference<>();
    private volatile boolean slow;

    private final LoadedContexts contexts = new LoadedContexts(() -> {
        asked.incrementAndGet();
        if (!slow) {
            return Uni.createFrom().item(json(ps.get()));
        }
        return Uni.createFrom().emitter(emitter -> pending.set(() -> emitter.complete(json(ps.get()))));
    }, Duration.ofSeconds(1), clock);

    @Test
    void asksOllamaForTheFirstGenerationAndReusesAFreshAnswer() {
        assertThat(load("qwen3:8b")).isEqualTo(16384);
        assertThat(load("qwen3")).isNull();
        assertThat(load("llama3.2")).isNull();

        assertThat(asked).hasValue(1);
    }

    @Test
    void aStaleAnswerIsUsedWhileAFreshOneIsAskedFor() {
        load("qwen3:8b");
        ps.set(ps("qwen3:8b", 32768));
        later(Duration.ofMillis(1500));
        slow = true;

        // The answer in hand is used at once; the fresh one is for the next generation.
        assertThat(load("qwen3:8b")).isEqualTo(16384);
        assertThat(load("qwen3:8b")).isEqualTo(16384);
        assertThat(asked).as("one question under way at a time").hasValue(2);
        pending.get().run();
        assertThat(load("qwen3:8b")).isEqualTo(32768);
        assertThat(asked).hasValue(2);
    }

    @Test
    void anAnswerTooOldIsNotUsed() {
        load("qwen3:8b");
        ps.set("{\"models\":[]}");
        later(Duration.ofSeconds(31));

        assertThat(load("qwen3:8b")).isNull();
    }

    @Test
    void theContextThisWorkerSentIsWhatTheModelIsLoadedWith() {
        load("qwen3:8b");
        later(Duration.ofMillis(10));
        contexts.sent("qwen3:8b", 65536);
        contexts.sent("llama3.2", 8192);

        assertThat(load("qwen3:8b")).isEqualTo(65536);
        assertThat(load("llama3.2:latest")).isEqualTo(8192);
    }

    @Test
    void anAnswerAskedForBeforeAChatWasSentDoesNotUndoIt() {
        slow = true;
        contexts.of("qwen3:8b").subscribe().with(ignored -> { });
        later(Duration.ofMillis(5));
        contexts.sent("qwen3:8b", 65536);

        pending.get().run();

        assertThat(load("qwen3:8b")).isEqualTo(65536);
    }

    @Test
    void noAnswerMeansNotKnown() {
        LoadedContexts failing = new LoadedContexts(() -> Uni.createFrom().failure(new IllegalStateException("down")),
                Duration.ofSeconds(1), clock);

        assertThat(failing.of("qwen3:8b").await().indefinitely()).isNull();
    }

    private Integer load(String model) {
        return contexts.of(model).await().indefinitely();
    }

    private void later(Duration by) {
        now.set(now.get().plus(by));
    }

    private static String ps(String model, int context) {
        return "{\"models\":[{\"name\":\"" + model + "\",\"model\":\"" + model + "\",\"context_length\":" + context + "}]}";
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
