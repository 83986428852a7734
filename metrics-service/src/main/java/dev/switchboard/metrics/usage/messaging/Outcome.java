package dev.switchboard.metrics.usage.messaging;

/** What became of one record of {@code llm.completions}. */
sealed interface Outcome {

    /** Its usage is in the database: stored now, or found there from an earlier delivery. */
    record Stored() implements Outcome {
    }

    /** It can never be stored and now lies in the dead-letter topic. */
    record DeadLettered() implements Outcome {
    }

    /**
     * It could not be dealt with now and must be tried again.
     *
     * @param outage true when the failure is an outage that passes by itself (the database or the
     *               broker cannot be reached); such tries never count towards the dead-letter topic
     */
    record Retry(String reason, boolean outage) implements Outcome {
    }
}
