package dev.switchboard.metrics.usage;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the service and the shared PostgreSQL that a test can cut and restore: a
 * database outage as the service sees it (connections closed, new ones dropped at once) without
 * stopping the server that other engineers' tests use. Only the reactive datasource goes through
 * it; Flyway's migrations at start go straight to the server.
 */
public final class DatabaseProxy implements QuarkusTestResourceLifecycleManager {

    private static volatile DatabaseProxy current;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private String targetHost;
    private int targetPort;
    private volatile boolean cut;

    static DatabaseProxy current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        URI target = URI.create(System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL"));
        targetHost = target.getHost();
        targetPort = target.getPort() < 0 ? 5432 : target.getPort();
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("database-proxy").start(this::accept);
        current = this;
        return Map.of("quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + server.getLocalPort() + target.getPath());
    }

    @Override
    public void stop() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        current = null;
    }

    /** Closes every relayed connection and drops new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(DatabaseProxy::closeQuietly);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                relay(client, upstream);
                relay(upstream, client);
            } catch (IOException e) {
                // The server socket closed, or one connection failed: the loop condition decides.
            }
        }
    }

    private void relay(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // One side closed: close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
