package dev.switchboard.worker.core.backend;

import io.vertx.core.http.HttpClosedException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Reads a failure's cause chain the way every backend client needs: lost connection, timeout, root message. */
public final class TransportFailures {

    private TransportFailures() {
    }

    /** True when the connection failed, closed or timed out, rather than the server answering an error. */
    public static boolean isTransport(Throwable failure) {
        return hasCause(failure, IOException.class) || hasCause(failure, TimeoutException.class)
                || hasCause(failure, HttpClosedException.class);
    }

    public static boolean isTimeout(Throwable failure) {
        return hasCause(failure, TimeoutException.class);
    }

    /** The innermost cause's message, or its type when it has none. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
