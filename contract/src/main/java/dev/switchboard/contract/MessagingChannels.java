package dev.switchboard.contract;

/**
 * What a dead letter says about itself, shared by services and their tests. A record that could not
 * be processed goes to the {@code .dlq} twin of its topic ({@link Topics#deadLetter}) with these headers.
 */
public final class MessagingChannels {

    /** Header naming why a record went to a dead-letter topic. */
    public static final String DEAD_LETTER_REASON_HEADER = "switchboard-dlq-reason";
    /** Which consumer group gave the record up: several groups read one topic, and a replay goes to one of them. */
    public static final String DEAD_LETTER_CONSUMER_HEADER = "switchboard-dlq-consumer";

    private MessagingChannels() {
    }
}
