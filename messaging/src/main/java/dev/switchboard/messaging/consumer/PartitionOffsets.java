package dev.switchboard.messaging.consumer;

import java.util.TreeSet;

/**
 * The offsets of one partition that the consumer took and has not finished. What may be committed
 * is everything before the oldest unfinished record: records may finish out of order (jobs run side
 * by side), and a record must not be committed before its work is durable. The first offset taken
 * counts as committed: the consumer started there. A commit is asked without waiting for it: what
 * was asked is not asked again unless that commit failed.
 */
final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;
    private long committed = -1;
    /** The highest offset asked in a commit not known to have failed; at least {@code committed}. */
    private long asked = -1;

    void taken(long offset) {
        if (committed < 0) {
            committed = offset;
            asked = offset;
        }
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    void finished(long offset) {
        unfinished.remove(offset);
    }

    /** The offset to commit now, or -1 when nothing new can be committed or it was asked already. */
    long commitable() {
        long offset = unfinished.isEmpty() ? next : unfinished.first();
        return offset > asked ? offset : -1;
    }

    void asked(long offset) {
        asked = Math.max(asked, offset);
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
        asked = Math.max(asked, committed);
    }

    /** A commit failed: what it asked is asked again with the next one. */
    void notCommitted() {
        asked = committed;
    }
}
