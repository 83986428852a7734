package dev.switchboard.gateway.hostile;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the gateway and its HTTP stack log as failures while the corpus runs: an answer
 * can look like a 4xx while the server logged an unhandled exception on the way (a failure
 * handler reached, a 500 written to a connection already gone). The test runs in the gateway's JVM,
 * so a handler on the root logger sees the server's records.
 */
final class ServerLog extends Handler implements AutoCloseable {

    /** Loggers of the request path: the gateway, Quarkus' HTTP layer, Vert.x Web, Quarkus REST. */
    private static final List<String> WATCHED = List.of(
            "dev.switchboard.gateway", "io.quarkus.vertx.http", "io.vertx.ext.web", "io.vertx.core.http",
            "org.jboss.resteasy.reactive", "io.quarkus.resteasy.reactive", "io.quarkus.rest");

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile String during = "before the corpus";

    ServerLog() {
        setLevel(Level.WARNING);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (record.getLevel().intValue() < Level.WARNING.intValue() || WATCHED.stream().noneMatch(logger::startsWith)) {
            return;
        }
        // The gateway warns for every 5xx it answers, and logs errors for the failures it did not expect.
        boolean gatewayFailure = logger.startsWith("dev.switchboard.gateway")
                && (record.getLevel().intValue() >= Level.SEVERE.intValue() || logger.endsWith("AnthropicResponses"));
        boolean stackFailure = !logger.startsWith("dev.switchboard.gateway") && record.getLevel().intValue() >= Level.SEVERE.intValue();
        if (gatewayFailure || stackFailure) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            Throwable thrown = record.getThrown();
            failures.add(record.getLevel() + " " + logger + ": " + message + (thrown == null ? "" : " — " + thrown)
                    + "\n      (during " + during + ")");
        }
    }

    /** Names the case running now, so that a failure logged later can be traced to what caused it. */
    void during(String name) {
        during = name;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
