package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;

import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts one job's events back in sequence order and hands them on. Events carry gapless sequence
 * numbers, so one that arrives early waits for the ones before it; a repeated one is dropped.
 * One exception: a job whose worker died before answering is run again by another worker, whose
 * events start again at 0; its {@code Started} is handed on, so that cancels reach the new worker.
 */
final class JobListener {

    /** Events held back behind a missing one before it is taken as lost. */
    private static final int MAX_EARLY = 512;

    private final Consumer<StreamEvent> downstream;
    private final TreeMap<Long, StreamEvent> early = new TreeMap<>();
    private long expected;
    private boolean terminated;
    private String workerId;

    JobListener(Consumer<StreamEvent> downstream) {
        this.downstream = downstream;
    }

    synchronized void accept(StreamEvent event) {
        if (event instanceof StreamEvent.Started started && started.seq() == 0 && expected == 1 && !terminated
                && !started.workerId().equals(workerId)) {
            workerId = started.workerId();
            downstream.accept(started);
            return;
        }
        if (terminated || event.seq() < expected) {
            return;
        }
        if (event instanceof StreamEvent.Started started) {
            workerId = started.workerId();
        }
        if (event.seq() == expected && early.isEmpty()) {
            // In order, as nearly every event is: handed on without a stop in the map.
            expected++;
            downstream.accept(event);
            terminated = event.isTerminal();
            return;
        }
        early.put(event.seq(), event);
        while (!early.isEmpty() && early.firstKey() == expected) {
            StreamEvent next = early.pollFirstEntry().getValue();
            expected++;
            downstream.accept(next);
            if (next.isTerminal()) {
                terminated = true;
                early.clear();
                return;
            }
        }
        if (early.size() > MAX_EARLY) {
            // Redis pub/sub dropped the missing event for good; the answer cannot be completed.
            lost(event.jobId(), "events of the answer were lost between worker and gateway");
        }
    }

    /** The job's events stopped reaching the gateway: it ends with an interrupted error. */
    synchronized void lost(String jobId, String reason) {
        if (!terminated) {
            terminated = true;
            early.clear();
            downstream.accept(new StreamEvent.Error(jobId, expected, ErrorType.INTERRUPTED, reason));
        }
    }

}
