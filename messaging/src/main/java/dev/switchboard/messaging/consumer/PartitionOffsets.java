package dev.switchboard.messaging.consumer;

import java.util.TreeSet;

/**
 * The offsets of one partition that the consumer took and has not finished. What may be committed
 * is everything before the oldest unfinished record: records may finish out of order (jobs run side
 * by side), and a record must not be committed before its work is durable. The first offset taken
 * counts as committed: the consumer started there.
 */
final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void taken(long offset) {
        if (committed < 0) {
            committed = offset;
        }
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit now, or -1 when nothing new can be committed. */
    long commitable() {
        long offset = unfinished.isEmpty() ? next : unfinished.first();
        return offset > committed ? offset : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
