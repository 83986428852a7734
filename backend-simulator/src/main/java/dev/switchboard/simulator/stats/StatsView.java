package dev.switchboard.simulator.stats;

import dev.switchboard.simulator.chat.Protocol;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /simulator/stats}. A "stream" here is any generation, streamed or not:
 * both are paced and both can be disconnected.
 */
public record StatsView(
        String since,
        Map<Protocol, Long> requestsByProtocol,
        long startedStreams,
        long completedStreams,
        int inFlightStreams,
        long disconnects,
        long dropped,
        long streamErrors,
        long rejected,
        long tokensEmitted,
        List<RequestSummary> recentRequests,
        List<DisconnectRecord> recentDisconnects) {
}
