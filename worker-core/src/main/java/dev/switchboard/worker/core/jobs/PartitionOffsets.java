package dev.switchboard.worker.core.jobs;

import java.util.TreeSet;

/**
 * The offsets of one partition that this worker took but has not finished. What may be committed
 * is everything before the oldest unfinished job: jobs finish out of order, and a job must not be
 * committed before it ran.
 */
final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void taken(long offset) {
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
