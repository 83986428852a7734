package dev.switchboard.metrics.usage.repository;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that goes away by itself (the database is down, restarting, unreachable or
 * overloaded) from one that the same statement would meet again (bad data, a bug).
 */
public final class DatabaseFailures {

    /**
     * SQLSTATE classes and codes of passing trouble: connection exceptions (08), insufficient
     * resources (53), operator intervention such as a shutdown or a server still starting (57P01 to
     * 57P05), serialization failures and deadlocks (40001, 40P01), and a read-only server while a
     * replica is promoted (25006).
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53");
    private static final Set<String> TRANSIENT_CODES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05",
            "40001", "40P01", "25006");

    private DatabaseFailures() {
    }

    /** True when the failure, or any of its causes, is one that passes on its own. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (transientItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean transientItself(Throwable failure) {
        return switch (failure) {
            case PgException pg -> transientState(pg.getSqlState());
            case SQLException sql -> transientState(sql.getSQLState());
            case JDBCConnectionException connection -> true;
            case JDBCException jdbc -> transientState(jdbc.getSQLState());
            // Refused, reset or closed connections and unreachable hosts: ConnectException, SocketException and kin.
            case IOException io -> true;
            case ClosedConnectionException closed -> true;
            // A statement that did not end in time.
            case TimeoutException timeout -> true;
            case io.smallrye.mutiny.TimeoutException timeout -> true;
            default -> connectionClosedMessage(failure.getMessage());
        };
    }

    private static boolean transientState(String sqlState) {
        return sqlState != null && sqlState.length() == 5
                && (TRANSIENT_CODES.contains(sqlState) || TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)));
    }

    /** The reactive client reports a connection lost mid-statement only in words. */
    private static boolean connectionClosedMessage(String message) {
        return message != null && (message.contains("Connection is closed") || message.contains("Connection refused")
                || message.contains("connection was closed"));
    }
}
