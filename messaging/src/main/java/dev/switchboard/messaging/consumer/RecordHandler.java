package dev.switchboard.messaging.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.CompletionStage;

/**
 * Deals with one record for the {@link ConsumerLoop}. It may answer at once (a store that blocks
 * the consumer's thread) or later from another thread (a job that runs for minutes). It should
 * not fail: a failure counts as a {@link Outcome.Retry} that is not an outage.
 */
@FunctionalInterface
public interface RecordHandler {

    /**
     * @param attempt 1 on the first try, then one more after each try that failed other than by an
     *                outage (failures during an outage do not count)
     */
    CompletionStage<Outcome> handle(ConsumerRecord<String, byte[]> record, int attempt);

    /** Told once Kafka acknowledged the record's dead letter, e.g. to count it. */
    default void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {
    }
}
