package dev.switchboard.messaging.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * A {@link ConsumerThread} that starts with the application and stops with it: a service's
 * consumer bean extends this, hands over its thread, and reads its state through {@link #thread()}.
 * The bean is a {@code @Singleton}: a client proxy would need a constructor without arguments.
 */
public abstract class ApplicationConsumer {

    private final ConsumerThread thread;

    protected ApplicationConsumer(ConsumerThread thread) {
        this.thread = thread;
    }

    protected void start(@Observes StartupEvent event) {
        thread.start();
    }

    /** Stops after the record at hand, lets records in flight end within the stop grace, and commits. */
    protected void stop(@Observes ShutdownEvent event) throws InterruptedException {
        thread.stop();
    }

    protected ConsumerThread thread() {
        return thread;
    }
}
