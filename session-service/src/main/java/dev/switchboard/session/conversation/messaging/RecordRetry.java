package dev.switchboard.session.conversation.messaging;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Tries to store one record until it is stored, fails for good, or the consumer lets it go.
 * Failures that waiting cures (see {@link DatabaseFailures}) are tried again for as long as it
 * takes, with a backoff that doubles up to a bound; any other failure is tried a few times.
 */
public final class RecordRetry {

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int recordAttempts;
    private final Predicate<Throwable> transientFailure;

    public RecordRetry(Duration initialBackoff, Duration maxBackoff, int recordAttempts, Predicate<Throwable> transientFailure) {
        if (recordAttempts < 1) {
            throw new IllegalArgumentException("a record is tried at least once, not " + recordAttempts + " times");
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
        this.recordAttempts = recordAttempts;
        this.transientFailure = transientFailure;
    }

    /** One try at storing the record. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    /** How the consumer waits between two tries, staying in its group meanwhile. */
    @FunctionalInterface
    public interface Waiter {
        /**
         * @param transientFailure true when the failure is one that waiting cures
         * @return false when the record is to be let go (the consumer stops, or its partition moved)
         */
        boolean await(Duration delay, Exception failure, boolean transientFailure);
    }

    public sealed interface Outcome<T> {

        record Stored<T>(T value) implements Outcome<T> {
        }

        /** The record failed {@code attempts} times for a reason waiting does not cure. */
        record Failed<T>(Exception failure, int attempts) implements Outcome<T> {
        }

        /** The consumer let the record go before it was stored; it will be delivered again. */
        record LetGo<T>() implements Outcome<T> {
        }
    }

    public <T> Outcome<T> run(Attempt<T> attempt, Waiter waiter) {
        Duration backoff = initialBackoff;
        int failures = 0;
        while (true) {
            try {
                return new Outcome.Stored<>(attempt.run());
            } catch (Exception failure) {
                boolean waitingCures = transientFailure.test(failure);
                if (!waitingCures && ++failures >= recordAttempts) {
                    return new Outcome.Failed<>(failure, failures);
                }
                if (!waiter.await(backoff, failure, waitingCures)) {
                    return new Outcome.LetGo<>();
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
