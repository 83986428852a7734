package dev.switchboard.simulator.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.simulator.chat.Protocol;

import java.util.List;

/**
 * A chat request in brief, with how it ended: {@code in_flight}, {@code completed}, {@code disconnected},
 * {@code stalled}, {@code dropped}, {@code stream_error} or {@code http_<status>}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestSummary(
        String requestId,
        Protocol protocol,
        String path,
        String model,
        boolean stream,
        int messages,
        String lastUserMessage,
        List<String> tools,
        Integer maxTokens,
        Integer numCtx,
        int promptTokens,
        String receivedAt,
        String outcome) {
}
