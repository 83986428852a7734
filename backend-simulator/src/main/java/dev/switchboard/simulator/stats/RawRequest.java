package dev.switchboard.simulator.stats;

import dev.switchboard.simulator.chat.Protocol;

import java.util.Map;

/** A request body as received (truncated past {@code simulator.stats.max-body-chars}). */
public record RawRequest(
        String requestId,
        Protocol protocol,
        String method,
        String path,
        String receivedAt,
        Map<String, String> headers,
        String body,
        boolean truncated) {
}
