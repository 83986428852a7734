package dev.switchboard.contract;

/** SmallRye Reactive Messaging channel names, shared by services and their tests. */
public final class MessagingChannels {

    /** Kafka → worker: jobs of the worker's pool. */
    public static final String JOBS_IN = "jobs-in";
    /** Kafka → session and metrics services. */
    public static final String COMPLETIONS_IN = "completions-in";
    /** Records that could not be processed go to the {@code .dlq} twin of their topic, with the reason. */
    public static final String DEAD_LETTERS_OUT = "dead-letters-out";
    /** Header naming why a record went to a dead-letter topic. */
    public static final String DEAD_LETTER_REASON_HEADER = "switchboard-dlq-reason";
    /** Which consumer group gave the record up: several groups read one topic, and a replay goes to one of them. */
    public static final String DEAD_LETTER_CONSUMER_HEADER = "switchboard-dlq-consumer";

    private MessagingChannels() {
    }
}
