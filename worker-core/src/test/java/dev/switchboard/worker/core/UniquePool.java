package dev.switchboard.worker.core;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/** A pool of its own for each test run, so that jobs of earlier runs in the same Kafka never interfere. */
public class UniquePool implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("switchboard.worker.pool", "core-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
    }
}
