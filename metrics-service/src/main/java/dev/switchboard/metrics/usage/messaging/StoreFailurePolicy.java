package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.metrics.usage.repository.DatabaseFailures;

import java.util.function.BooleanSupplier;

/**
 * What to do with a record whose usage could not be stored. An outage must never send a record
 * to the dead-letter topic: a failure counts against the record only when it is not one that
 * passes by itself and the database answers all the same.
 */
record StoreFailurePolicy(int maxAttempts) {

    enum Decision {
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
    Decision decide(Throwable failure, int attempt, BooleanSupplier databaseAnswers) {
        if (DatabaseFailures.isTransient(failure) || !databaseAnswers.getAsBoolean()) {
            return Decision.WAIT_FOR_DATABASE;
        }
        return attempt < maxAttempts ? Decision.TRY_AGAIN : Decision.DEAD_LETTER;
    }
}
