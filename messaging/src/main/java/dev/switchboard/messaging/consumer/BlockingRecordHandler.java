package dev.switchboard.messaging.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A handler that does its work on the consumer's own thread, which may block (see
 * {@link ConsumerThreadAwait}), and answers when it returns: with one record in flight, the
 * records of a partition are done one after the other.
 */
public interface BlockingRecordHandler extends RecordHandler {

    /** Deals with one record, blocking until its work is durable or has failed; never throws. */
    Outcome process(ConsumerRecord<String, byte[]> record, int attempt);

    @Override
    default CompletionStage<Outcome> handle(ConsumerRecord<String, byte[]> record, int attempt) {
        return CompletableFuture.completedFuture(process(record, attempt));
    }
}
