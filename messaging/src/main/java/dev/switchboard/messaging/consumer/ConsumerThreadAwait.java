package dev.switchboard.messaging.consumer;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs reactive work (Hibernate Reactive needs a Vert.x context) from a {@link ConsumerThread},
 * which may block, and waits there for its result: the record is done only once the transaction
 * committed. Work that outlives {@code timeout} fails with a timeout, which counts as an outage.
 */
public final class ConsumerThreadAwait {

    private ConsumerThreadAwait() {
    }

    public static <T> T await(Supplier<Uni<T>> work, Duration timeout) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> work.get().ifNoItem().after(timeout).fail());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
