package dev.switchboard.metrics.usage.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Deals with one record; never throws. */
@FunctionalInterface
interface RecordProcessor {

    /**
     * @param attempt 1 on the first try, then one more after each try that failed while the
     *                database was up (failures during an outage do not count)
     */
    Outcome process(ConsumerRecord<String, byte[]> record, int attempt);
}
