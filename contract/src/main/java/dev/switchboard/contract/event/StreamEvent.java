package dev.switchboard.contract.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Versioned;

/**
 * What a worker tells the gateway about a running job, in order. Sequence numbers start at 0 with
 * {@link Started} and have no gaps, so a reader can tell a lost or repeated event.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StreamEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = StreamEvent.TextDelta.class, name = "text"),
        @JsonSubTypes.Type(value = StreamEvent.ThinkingDelta.class, name = "thinking"),
        @JsonSubTypes.Type(value = StreamEvent.ToolCall.class, name = "tool_call"),
        @JsonSubTypes.Type(value = StreamEvent.Done.class, name = "done"),
        @JsonSubTypes.Type(value = StreamEvent.Error.class, name = "error")
})
public sealed interface StreamEvent extends Versioned {

    String jobId();

    long seq();

    /** True for the events after which nothing more comes for the job. */
    default boolean isTerminal() {
        return this instanceof Done || this instanceof Error;
    }

    /** A worker took the job. */
    record Started(int schemaVersion, String jobId, long seq, String workerId, long queueWaitMs) implements StreamEvent {
        public Started(String jobId, long seq, String workerId, long queueWaitMs) {
            this(SchemaVersion.CURRENT, jobId, seq, workerId, queueWaitMs);
        }
    }

    /** A piece of the answer's text. */
    record TextDelta(int schemaVersion, String jobId, long seq, String text) implements StreamEvent {
        public TextDelta(String jobId, long seq, String text) {
            this(SchemaVersion.CURRENT, jobId, seq, text);
        }
    }

    /** A piece of the model's reasoning. */
    record ThinkingDelta(int schemaVersion, String jobId, long seq, String text) implements StreamEvent {
        public ThinkingDelta(String jobId, long seq, String text) {
            this(SchemaVersion.CURRENT, jobId, seq, text);
        }
    }

    /** A whole tool call; {@code input} is the arguments object. */
    record ToolCall(int schemaVersion, String jobId, long seq, String id, String name, ObjectNode input)
            implements StreamEvent {
        public ToolCall(String jobId, long seq, String id, String name, ObjectNode input) {
            this(SchemaVersion.CURRENT, jobId, seq, id, name, input);
        }
    }

    /** The generation ended normally. */
    record Done(int schemaVersion, String jobId, long seq, StopReason stopReason, String stopSequence,
                Usage usage, Timings timings) implements StreamEvent {
        public Done(String jobId, long seq, StopReason stopReason, String stopSequence, Usage usage, Timings timings) {
            this(SchemaVersion.CURRENT, jobId, seq, stopReason, stopSequence, usage, timings);
        }
    }

    /** The generation failed; text sent before it stands, nothing more comes. */
    record Error(int schemaVersion, String jobId, long seq, ErrorType errorType, String message) implements StreamEvent {
        public Error(String jobId, long seq, ErrorType errorType, String message) {
            this(SchemaVersion.CURRENT, jobId, seq, errorType, message);
        }
    }
}
