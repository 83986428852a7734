package dev.switchboard.gateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the copy of the keys in Redis whole: when it is not marked complete (the first gateway
 * ever, or Redis lost its data), it is copied again from session-service. Until then keys are
 * refused, never let through. Every gateway checks; the copy is the same whoever makes it.
 */
@ApplicationScoped
public class KeyMirrorSync {

    private static final Logger LOG = Logger.getLogger(KeyMirrorSync.class);

    private final AuthMode mode;
    private final KeyMirror mirror;
    private final KeyService keys;
    private final AuthConfig config;
    private final Vertx vertx;
    private long timer = -1;
    private volatile boolean copying;

    public KeyMirrorSync(AuthStartup startup, KeyMirror mirror, KeyService keys, AuthConfig config, Vertx vertx) {
        this.mode = startup.mode();
        this.mirror = mirror;
        this.keys = keys;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        if (mode.keys()) {
            check();
            timer = vertx.setPeriodic(config.mirrorCheck().toMillis(), tick -> check());
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void check() {
        if (copying) {
            return;
        }
        copying = true;
        mirror.complete()
                .chain(complete -> complete ? Uni.createFrom().voidItem() : copy())
                .subscribe().with(ok -> copying = false, failure -> {
                    copying = false;
                    LOG.warnf("the keys could not be copied to Redis yet: %s", failure.getMessage());
                });
    }

    private Uni<Void> copy() {
        return keys.mirror().chain(answer -> {
            if (answer.getStatus() != 200) {
                return Uni.createFrom().failure(new IllegalStateException("session-service answered " + answer.getStatus()));
            }
            List<KeyRecord> records = new ArrayList<>();
            try {
                for (JsonNode key : Json.mapper().readTree(answer.readEntity(byte[].class))) {
                    records.add(KeyRecord.fromJson(key, null));
                }
            } catch (IOException e) {
                return Uni.createFrom().failure(e);
            }
            return mirror.putAll(records).invoke(() -> LOG.infof("copied %d keys to Redis", records.size()));
        });
    }
}
