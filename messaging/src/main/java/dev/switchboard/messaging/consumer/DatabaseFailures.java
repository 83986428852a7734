package dev.switchboard.messaging.consumer;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.hibernate.JDBCException;
import org.hibernate.exception.JDBCConnectionException;

import java.io.EOFException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that is away (down, restarting, failing over, unreachable, out of connections)
 * from a statement the database refuses. The first passes with waiting, however long, so it is
 * never a record's fault and never sends a record to the dead-letter topic; the second may not
 * pass, so a record is tried a few times and then dead-lettered.
 * <p>
 * For the consumers that store records in PostgreSQL through the reactive client and Hibernate
 * Reactive; the classes it names come with those services, not with this module.
 */
public final class DatabaseFailures {

    private static final int MAX_DEPTH = 32;

    /**
     * SQLSTATE classes where the server, not the statement, is the trouble: 08 connection
     * exceptions; 53 insufficient resources (too many connections, out of memory, disk full);
     * 58 system errors outside PostgreSQL (I/O errors), which every record would meet alike, so
     * dead-lettering would only empty the topic into the dead-letter topic.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "58");

    /**
     * Single SQLSTATEs of passing trouble: 57P01 to 57P05, the server shutting down, crashing,
     * starting up, its database dropped (an operator restores it; the record is not at fault) or
     * the session ended for idleness; 40001 and 40P01, serialization failures and deadlocks, which
     * the next try resolves; 25006, a read-only server while a replica is promoted. Not the rest of
     * class 40 (40002 is a constraint violated at commit: the record's own fault) nor 57014, a
     * statement cancelled by its timeout, which the same record meets again.
     */
    private static final Set<String> TRANSIENT_CODES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05",
            "40001", "40P01", "25006");

    private DatabaseFailures() {
    }

    /** True when the failure, or any of its causes, is one that passes on its own. */
    public static boolean isTransient(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.put(current, true) == null; depth++) {
            if (transientItself(current)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    /** True for a SQLSTATE that says the server, not the statement, is the trouble. */
    public static boolean transientState(String sqlState) {
        return sqlState != null && sqlState.length() == 5
                && (TRANSIENT_CODES.contains(sqlState) || TRANSIENT_CLASSES.contains(sqlState.substring(0, 2)));
    }

    private static boolean transientItself(Throwable failure) {
        return switch (failure) {
            // Connection refused or reset, no route, host unknown (a database host being replaced),
            // socket closed mid-query. Only these IOExceptions: a JSON parser's is the record's fault.
            case SocketException ignored -> true;
            case UnknownHostException ignored -> true;
            case ClosedChannelException ignored -> true;
            case EOFException ignored -> true;
            // The pool's connection was closed under a query (the server stopped or killed it).
            case ClosedConnectionException ignored -> true;
            // No connection in time from the pool, or a try that outlived its timeout.
            case TimeoutException ignored -> true;
            case io.smallrye.mutiny.TimeoutException ignored -> true;
            case JDBCConnectionException ignored -> true;
            case DatabaseException database -> transientState(database.getSqlState());
            case SQLException sql -> transientState(sql.getSQLState());
            case JDBCException jdbc -> transientState(jdbc.getSQLState());
            // Vert.x's pool wait timeout and Netty's native-transport socket errors are internal
            // classes; a connection lost mid-statement the reactive client reports only in words.
            default -> failure.getClass().getName().endsWith("NoStackTraceTimeoutException")
                    || failure.getClass().getName().endsWith("NativeIoException")
                    || connectionLostMessage(failure.getMessage());
        };
    }

    private static boolean connectionLostMessage(String message) {
        return message != null && (message.contains("Connection is closed") || message.contains("Connection refused")
                || message.contains("connection was closed"));
    }
}
