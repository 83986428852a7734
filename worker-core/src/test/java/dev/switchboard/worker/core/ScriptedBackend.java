package dev.switchboard.worker.core;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.backend.http.BackendServer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose behaviour the last user message picks: {@code echo <words>}, {@code tool},
 * {@code fail}, {@code slow}, {@code hold}. It counts what the tests need to see (a singleton, so that
 * tests read its counters directly rather than through a client proxy).
 */
@Singleton
public class ScriptedBackend implements InferenceBackend, BackendProbe, ModelSource {

    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger cancellations = new AtomicInteger();
    final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    final Map<String, List<String>> stopSequencesSent = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return "scripted";
    }

    /** Every worker describes its server for worker-core's HTTP exchange; this one has none to call. */
    @Produces
    @Singleton
    BackendServer server() {
        return new BackendServer("http://127.0.0.1:9", "the scripted backend", Duration.ofSeconds(1), Duration.ofSeconds(5),
                "none", null, body -> null);
    }

    @Override
    public Uni<String> probe() {
        return Uni.createFrom().item("scripted backend");
    }

    @Override
    public Uni<List<ModelInfo>> models() {
        // A backend may list cloud models too (Ollama does when signed in); the worker must not offer them.
        return Uni.createFrom().item(List.of(new ModelInfo("scripted", 8192, Set.of(Capability.TOOLS)),
                new ModelInfo("glm-4.6:cloud", 131072, Set.of(Capability.TOOLS))));
    }

    @Override
    public Multi<BackendEvent> generate(GenerationJob job) {
        calls.incrementAndGet();
        stopSequencesSent.put(job.jobId(), job.request().sampling().stopSequences());
        String prompt = lastUserText(job);
        Multi<BackendEvent> script;
        if (prompt.startsWith("echo ")) {
            List<String> words = Arrays.asList(prompt.substring(5).split(" "));
            script = Multi.createFrom().iterable(words).map(word -> (BackendEvent) new BackendEvent.Text(word + " "))
                    .onCompletion().continueWith(new BackendEvent.Finished(StopReason.END_TURN, null, 12, 4, words.size()));
        } else if (prompt.equals("tool")) {
            script = Multi.createFrom().items(
                    new BackendEvent.Text("Let me look."),
                    new BackendEvent.ToolCall("call_1", "Bash", Json.mapper().createObjectNode().put("command", "ls")),
                    new BackendEvent.Finished(StopReason.END_TURN, null, 20, 0, 9));
        } else if (prompt.equals("fail")) {
            script = Multi.createFrom().failure(new BackendException(ErrorType.OVERLOADED, "the backend is down"));
        } else if (prompt.equals("slow")) {
            script = Multi.createFrom().ticks().every(Duration.ofMillis(20)).select().first(500)
                    .map(tick -> (BackendEvent) new BackendEvent.Text("t" + tick + " "))
                    .onCompletion().continueWith(new BackendEvent.Finished(StopReason.END_TURN, null, 1, 0, 500))
                    .onCancellation().invoke(cancellations::incrementAndGet);
        } else if (prompt.equals("hold")) {
            CountDownLatch release = holds.computeIfAbsent(job.jobId(), id -> new CountDownLatch(1));
            script = Multi.createFrom().<BackendEvent>emitter(emitter -> Thread.ofVirtual().start(() -> {
                try {
                    release.await();
                    emitter.emit(new BackendEvent.Text("released"));
                    emitter.emit(new BackendEvent.Finished(StopReason.END_TURN, null, 1, 0, 1));
                    emitter.complete();
                } catch (InterruptedException e) {
                    emitter.fail(e);
                }
            }));
        } else {
            script = Multi.createFrom().failure(new BackendException(ErrorType.INVALID_REQUEST, "unknown script: " + prompt));
        }
        return script
                .onSubscription().invoke(() -> maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max))
                .onTermination().invoke(running::decrementAndGet);
    }

    private static String lastUserText(GenerationJob job) {
        List<Message> messages = job.request().messages();
        Message last = messages.get(messages.size() - 1);
        return last.content().stream()
                .filter(ContentBlock.Text.class::isInstance)
                .map(block -> ((ContentBlock.Text) block).text())
                .findFirst().orElse("");
    }
}
