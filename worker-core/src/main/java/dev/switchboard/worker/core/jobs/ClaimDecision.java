package dev.switchboard.worker.core.jobs;

import dev.switchboard.messaging.JobState;

/**
 * What a worker does with a job it could not claim at once: a pure decision, from one look at the
 * job's state. A job comes back when the worker that took it died before committing it in Kafka,
 * or when its partition moved while that worker still runs it. The job runs here only if running
 * it again repeats nothing: its answer has not started and it has not ended. A holder that is
 * alive keeps it, unless it keeps it past a whole lease without renewing, which it would not.
 */
public final class ClaimDecision {

    /** What to do. */
    public enum Action {
        /** Nobody holds the claim (never taken, or its lease ran out): try to claim it again. */
        CLAIM,
        /** The holder is gone before answering: move its claim here and run the job. */
        TAKE_OVER,
        /** The holder is gone and the job was cancelled: record it cancelled, since nobody else will. */
        RECORD_CANCELLED,
        /** The holder is alive: look again shortly. */
        WAIT,
        /** The job is not this worker's to run: it ended, its answer started, or a living worker runs it. */
        SKIP
    }

    private ClaimDecision() {
    }

    /** Whether deciding needs to know if the holder is alive: only a claim another worker still holds. */
    public static boolean asksLiveness(JobState.Seen seen, String me) {
        return !seen.done() && !seen.streamed() && seen.owner() != null && !seen.owner().equals(me);
    }

    /**
     * @param seen        the job's state
     * @param me          this worker's id
     * @param runningHere whether this worker runs the job now (an earlier delivery of it)
     * @param ownerAlive  whether the holder is alive; read only when {@link #asksLiveness} says so
     * @param waitedOut   whether this worker has waited a whole lease for the holder already
     */
    public static Action decide(JobState.Seen seen, String me, boolean runningHere, boolean ownerAlive, boolean waitedOut) {
        if (seen.done() || seen.streamed()) {
            return Action.SKIP;
        }
        if (seen.owner() == null) {
            return Action.CLAIM;
        }
        boolean mine = seen.owner().equals(me);
        if (mine && runningHere) {
            return Action.SKIP;
        }
        // A claim with this worker's id that it does not run is an earlier run's, which stopped before finishing.
        if (mine || !ownerAlive) {
            return seen.cancelled() ? Action.RECORD_CANCELLED : Action.TAKE_OVER;
        }
        if (seen.cancelled() || waitedOut) {
            // A living holder that was cancelled stops the job and records it itself.
            return Action.SKIP;
        }
        return Action.WAIT;
    }
}
