package dev.switchboard.worker.core.testkit;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/** A test profile whose backend URL is a loopback port nothing listens on. */
public class NoBackend implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("switchboard.worker.backend-url", "http://127.0.0.1:" + closedPort());
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
