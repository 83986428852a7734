package dev.switchboard.contract.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.WireEnum;

/**
 * What a gateway asks one worker to do with its backend server's models, sent on the worker's
 * control channel ({@link dev.switchboard.contract.RedisKeys#controlChannel}) beside job cancels.
 * Pulls and deletes run once per backend server, not through the pool's job queue, where they
 * would wait behind generations and reach only one worker. The worker answers with
 * {@link ModelOperationEvent}s on {@code replyChannel}; {@link Kind#CANCEL} stops a running one
 * (the gateway's client hung up).
 */
public record ModelOperation(int schemaVersion, String operationId, Kind kind, String model, String replyChannel)
        implements Versioned {

    public enum Kind {
        PULL, DELETE, SHOW, CANCEL;

        @JsonValue
        public String wireName() {
            return WireEnum.wireName(this);
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            return WireEnum.fromWire(Kind.class, value);
        }
    }

    public static ModelOperation of(String operationId, Kind kind, String model, String replyChannel) {
        return new ModelOperation(SchemaVersion.CURRENT, operationId, kind, model, replyChannel);
    }

    public static ModelOperation cancel(String operationId) {
        return new ModelOperation(SchemaVersion.CURRENT, operationId, Kind.CANCEL, null, null);
    }

    /**
     * Whether a control-channel message is an operation: those are JSON objects, while a job cancel
     * is the job's id alone.
     */
    public static boolean isOperation(String controlMessage) {
        return controlMessage.stripLeading().startsWith("{");
    }
}
