package dev.switchboard.worker.ollama;

import dev.switchboard.worker.core.testkit.NoBackend;
import dev.switchboard.worker.core.testkit.NotReadyWithoutBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Nothing listens where Ollama should be. */
@QuarkusTest
@TestProfile(NoBackend.class)
class ReadinessWithoutBackendTest extends NotReadyWithoutBackend {
}
