package dev.switchboard.gateway.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a worker is gone, from what one look at Redis saw. Two signals, the first immediate:
 * <ul>
 *   <li>its control channel has no subscriber: the worker process died and the kernel closed its
 *       connection. It counts only while presence is trusted, that is unless Redis has just
 *       forgotten every subscriber (it restarted) and the workers have not subscribed again yet;</li>
 *   <li>its status key has been missing for {@code statusGrace}: the fallback for a worker that is
 *       alive but cut off from Redis, whose connection Redis does not see close. (Not at the first
 *       miss: a worker that has just started may take a job before its first status is written.)</li>
 * </ul>
 */
final class WorkerLiveness {

    private WorkerLiveness() {
    }

    /**
     * @param presenceTrusted    whether a missing subscription means a dead process now
     * @param subscribed         whether the worker's control channel has a subscriber
     * @param statusMissingSince since when its status key has been seen missing, or null while it is there
     */
    static boolean gone(boolean presenceTrusted, boolean subscribed, Instant statusMissingSince, Instant now,
                        Duration statusGrace) {
        if (presenceTrusted && !subscribed) {
            return true;
        }
        return statusMissingSince != null && !now.isBefore(statusMissingSince.plus(statusGrace));
    }
}
