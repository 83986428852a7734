package dev.switchboard.session.conversation.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.hibernate.exception.JDBCConnectionException;

import java.io.EOFException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that is away (down, restarting, unreachable, out of connections) from a
 * record the database refuses. The first passes with waiting, however long, so such a failure is
 * never the record's fault; the second may not, so it is tried a few times and then dead-lettered.
 */
public final class DatabaseFailures {

    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    public static boolean databaseUnavailable(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.put(current, true) == null; depth++) {
            if (unavailable(current)) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    private static boolean unavailable(Throwable failure) {
        return switch (failure) {
            // Connection refused or reset, no route, host unknown (a database host being replaced),
            // socket closed mid-query.
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
            // Vert.x's pool wait timeout and Netty's native-transport socket errors are internal classes.
            default -> failure.getClass().getName().endsWith("NoStackTraceTimeoutException")
                    || failure.getClass().getName().endsWith("NativeIoException");
        };
    }

    /**
     * SQLSTATE classes that say the server, not the statement, is the trouble: 08 connection
     * exceptions, 53 insufficient resources (too many connections, disk full), 57P01-57P03
     * shutting down or starting up, 58 system errors; and 40, serialization failures and deadlocks,
     * which the next try resolves.
     */
    static boolean transientState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return false;
        }
        String sqlClass = sqlState.substring(0, 2);
        return switch (sqlClass) {
            case "08", "53", "58", "40" -> true;
            case "57" -> sqlState.startsWith("57P0");
            default -> false;
        };
    }
}
