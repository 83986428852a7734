package dev.switchboard.simulator.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.simulator.chat.Protocol;

/**
 * A client that went away before its reply was complete.
 *
 * @param nanosSinceLastToken time between the last token sent and the disconnect; absent when no token was sent
 * @param stalled             the reply was stalled on purpose ({@code fail=stall})
 */
public record DisconnectRecord(
        String requestId,
        Protocol protocol,
        String model,
        boolean stream,
        int tokensSent,
        long disconnectedAtEpochNanos,
        String disconnectedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long nanosSinceLastToken,
        boolean stalled) {
}
