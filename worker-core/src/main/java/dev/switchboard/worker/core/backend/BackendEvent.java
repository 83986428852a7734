package dev.switchboard.worker.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.StopReason;

/**
 * What a backend client reports while it streams one generation, already translated out of the
 * backend's protocol. worker-core turns these into sequenced stream events for the gateway.
 */
public sealed interface BackendEvent {

    /** A piece of the answer's text. */
    record Text(String text) implements BackendEvent {
    }

    /** A piece of the model's reasoning. */
    record Thinking(String text) implements BackendEvent {
    }

    /**
     * A whole tool call. {@code id} is the backend's id when it gave one, else null; worker-core
     * gives every call an Anthropic-style id either way.
     */
    record ToolCall(String id, String name, ObjectNode input) implements BackendEvent {
    }

    /**
     * The backend finished. {@code stopReason} is what the backend said; worker-core turns
     * END_TURN into TOOL_USE when a tool was called.
     */
    record Finished(StopReason stopReason, String stopSequence, int inputTokens, int cachedInputTokens, int outputTokens)
            implements BackendEvent {
    }
}
