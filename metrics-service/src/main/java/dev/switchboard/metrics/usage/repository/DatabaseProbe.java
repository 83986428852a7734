package dev.switchboard.metrics.usage.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Tells whether PostgreSQL answers at all, to tell an outage from a record that cannot be stored. */
@ApplicationScoped
public class DatabaseProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Pool pool;

    public DatabaseProbe(Pool pool) {
        this.pool = pool;
    }

    /** Completes with false, never with a failure, when the database does not answer in time. */
    public Uni<Boolean> answers() {
        return pool.query("select 1").execute()
                .replaceWith(true)
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
    }
}
