package dev.switchboard.messaging.consumer;

/** What became of one try at a record, as its {@link RecordHandler} tells the {@link ConsumerLoop}. */
public sealed interface Outcome {

    /** Done with for good: its work is durable (stored, run, or found done by an earlier delivery). */
    Outcome DONE = new Done();

    record Done() implements Outcome {
    }

    /** It can never be processed: the loop sends it to the dead-letter topic with this reason. */
    record DeadLetter(String reason) implements Outcome {
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
