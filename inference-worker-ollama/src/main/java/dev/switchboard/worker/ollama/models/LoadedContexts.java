package dev.switchboard.worker.ollama.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.worker.ollama.mapping.ModelMetadata;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The context each model is loaded with now, as far as this worker knows. Two sources: Ollama's
 * {@code /api/ps}, and the {@code num_ctx} this worker last sent for a model, which is what Ollama
 * loads it with. An answer of {@code /api/ps} younger than the refresh time is used as it is; an
 * older one (up to 30 times the refresh time) is used while a fresh one is asked for in the
 * background. Only the first generation, or one after a long quiet spell, waits for {@code /api/ps}.
 */
final class LoadedContexts {

    private static final Logger LOG = Logger.getLogger(LoadedContexts.class);
    /** {@code /api/ps} only spares a reload; a slow answer is not worth waiting for. */
    private static final Duration PS_TIMEOUT = Duration.ofSeconds(2);

    private record Known(int context, Instant at) {
    }

    private final Supplier<Uni<JsonNode>> ps;
    private final Duration refresh;
    private final Duration usable;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private Uni<Void> question;
    /** When the last answer of {@code /api/ps} in hand was asked for; null before the first. */
    private volatile Instant askedAt;

    LoadedContexts(Supplier<Uni<JsonNode>> ps, Duration refresh, Clock clock) {
        this.ps = ps;
        this.refresh = refresh;
        this.usable = refresh.multipliedBy(30);
        this.clock = clock;
    }

    /** The context {@code model} is loaded with, or null when it is not loaded or Ollama cannot say. */
    Uni<Integer> of(String model) {
        Instant now = clock.instant();
        Instant asked = askedAt;
        if (asked != null && now.isBefore(asked.plus(usable))) {
            if (!now.isBefore(asked.plus(refresh))) {
                ask().subscribe().with(ignored -> { }, failure -> { });
            }
            return Uni.createFrom().item(lookup(model));
        }
        return ask().map(ignored -> lookup(model))
                .ifNoItem().after(PS_TIMEOUT).recoverWithItem(() -> null)
                .onFailure().recoverWithNull();
    }

    /** Ollama loads the model with the {@code num_ctx} of the chat this worker is sending. */
    void sent(String model, int numCtx) {
        known.put(ModelMetadata.canonicalName(model), new Known(numCtx, clock.instant()));
    }

    private Integer lookup(String model) {
        Known found = known.get(ModelMetadata.canonicalName(model));
        return found == null ? null : found.context();
    }

    /** Asks {@code /api/ps}; callers that come while a question is under way share its answer. */
    private synchronized Uni<Void> ask() {
        if (question == null) {
            Instant start = clock.instant();
            question = ps.get()
                    .invoke(answer -> apply(ModelMetadata.loadedContexts(answer), start))
                    .onFailure().invoke(failure -> LOG.debugf("/api/ps did not answer: %s", failure.getMessage()))
                    .eventually(this::answered)
                    .replaceWithVoid()
                    .memoize().indefinitely();
        }
        return question;
    }

    private synchronized void answered() {
        question = null;
    }

    /** What a chat sent after the question was asked stays: Ollama's answer predates it. */
    private void apply(Map<String, Integer> loaded, Instant askedAt) {
        known.entrySet().removeIf(entry -> entry.getValue().at().isBefore(askedAt) && !loaded.containsKey(entry.getKey()));
        loaded.forEach((name, context) -> known.merge(name, new Known(context, askedAt),
                (old, fresh) -> old.at().isAfter(askedAt) ? old : fresh));
        this.askedAt = askedAt;
    }
}
