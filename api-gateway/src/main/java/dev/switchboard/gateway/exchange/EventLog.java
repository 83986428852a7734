package dev.switchboard.gateway.exchange;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The writer of one exchange's events stream: numbers the events as they come and writes them in
 * that order, the ones that wait meanwhile in one round trip; other writes (the state) queue
 * behind the events appended before them. Only one write is in flight at a time, so Redis sees
 * them in order whatever connection each one takes.
 */
final class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    private final String exchangeId;
    private final ExchangeStore store;
    private final Queue<Object> waiting = new ArrayDeque<>();
    private long nextSeq;
    private boolean writing;

    /** A write other than events, and who waits for it. */
    private record Write(Supplier<Uni<Void>> write, CompletableFuture<Void> done) {
    }

    EventLog(String exchangeId, long nextSeq, ExchangeStore store) {
        this.exchangeId = exchangeId;
        this.nextSeq = nextSeq;
        this.store = store;
    }

    synchronized long nextSeq() {
        return nextSeq;
    }

    synchronized void append(String event, String data) {
        waiting.add(new ExchangeStore.Entry(null, nextSeq++, event, data));
        drain();
    }

    /** Runs the write after every event appended so far is written; the answer completes when it did. */
    synchronized Uni<Void> then(Supplier<Uni<Void>> write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(new Write(write, done));
        drain();
        return Uni.createFrom().completionStage(done);
    }

    private synchronized void drain() {
        if (writing || waiting.isEmpty()) {
            return;
        }
        writing = true;
        Uni<Void> next;
        CompletableFuture<Void> done;
        if (waiting.peek() instanceof Write write) {
            waiting.poll();
            next = write.write().get();
            done = write.done();
        } else {
            List<ExchangeStore.Entry> entries = new ArrayList<>();
            while (waiting.peek() instanceof ExchangeStore.Entry entry) {
                entries.add(entry);
                waiting.poll();
            }
            next = store.append(exchangeId, entries);
            done = null;
        }
        next.subscribe().with(ignored -> written(done, null), failure -> written(done, failure));
    }

    private void written(CompletableFuture<Void> done, Throwable failure) {
        if (failure != null) {
            LOG.warnf("exchange %s: a write to Redis failed: %s", exchangeId, failure.getMessage());
        }
        if (done != null) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }
        synchronized (this) {
            writing = false;
            drain();
        }
    }
}
