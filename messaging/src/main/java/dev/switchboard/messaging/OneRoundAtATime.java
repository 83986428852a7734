package dev.switchboard.messaging;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A periodic round (a check or a report through Redis) that runs one at a time: a round due while
 * the one before still runs is skipped. The Redis client has no command timeout, so a round whose
 * replies have not come within its limit is given up and fails with a timeout; otherwise a reply
 * lost in a reconnect would stop every later round. Thread-safe.
 */
public final class OneRoundAtATime {

    private final Duration limit;
    private final AtomicBoolean running = new AtomicBoolean();

    public OneRoundAtATime(Duration limit) {
        this.limit = limit;
    }

    /** Starts the round unless the one before still runs; its item or failure goes to the handlers. */
    public <T> void run(Supplier<Uni<? extends T>> round, Consumer<? super T> onItem, Consumer<Throwable> onFailure) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Uni.createFrom().<T>deferred(round)
                .ifNoItem().after(limit).fail()
                .eventually(() -> running.set(false))
                .subscribe().with(onItem, onFailure);
    }
}
