package dev.switchboard.messaging.consumer;

import java.util.function.BooleanSupplier;

/**
 * What to do with a record whose work could not be stored. An outage must never send a record to
 * the dead-letter topic: a failure counts against the record only when it is not one that passes
 * by itself ({@link DatabaseFailures}) and the database answers all the same.
 */
public record StoreFailurePolicy(int maxAttempts) {

    public StoreFailurePolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a record is tried at least once, not " + maxAttempts + " times");
        }
    }

    public enum Decision {
        /** The database is down: try again once it is back, however long that takes. */
        WAIT_FOR_DATABASE,
        /** The database is up and still refused the record: try a few times more. */
        TRY_AGAIN,
        /** Refused {@code maxAttempts} times by a database that is up: the record itself is bad. */
        DEAD_LETTER
    }

    /**
     * @param attempt         the try that just failed, from 1
     * @param databaseAnswers asked only when the failure does not tell an outage by itself
     */
    public Decision decide(Throwable failure, int attempt, BooleanSupplier databaseAnswers) {
        if (DatabaseFailures.isTransient(failure) || !databaseAnswers.getAsBoolean()) {
            return Decision.WAIT_FOR_DATABASE;
        }
        return attempt < maxAttempts ? Decision.TRY_AGAIN : Decision.DEAD_LETTER;
    }

    /**
     * The decision as the loop's outcome, its reason naming {@code subject} (the job, the
     * conversation) and the innermost cause of the failure.
     */
    public Outcome outcome(Throwable failure, int attempt, BooleanSupplier databaseAnswers, String subject) {
        String reason = subject + ": " + describe(failure);
        return switch (decide(failure, attempt, databaseAnswers)) {
            case WAIT_FOR_DATABASE -> new Outcome.Retry("database unavailable, " + reason, true);
            case TRY_AGAIN -> new Outcome.Retry(reason, false);
            case DEAD_LETTER -> new Outcome.DeadLetter("not stored after " + attempt + " tries: " + reason);
        };
    }

    /** The innermost cause says what went wrong; the wrappers around it say little. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
