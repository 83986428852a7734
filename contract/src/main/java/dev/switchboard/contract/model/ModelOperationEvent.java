package dev.switchboard.contract.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.WireEnum;
import dev.switchboard.contract.event.ErrorType;

/**
 * What a worker answers about one {@link ModelOperation}, in order, on the operation's reply
 * channel: any number of {@link Type#PROGRESS} events (a pull's), then one {@link Type#DONE} (with
 * the model's details for a show) or one {@link Type#ERROR}.
 *
 * @param backendUrl the server the worker runs it on: the gateway adds up progress per server
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelOperationEvent(int schemaVersion, String operationId, String workerId, String backendUrl, Type type,
                                  PullProgress progress, JsonNode details, ErrorType errorType, String message)
        implements Versioned {

    public enum Type {
        PROGRESS, DONE, ERROR;

        @JsonValue
        public String wireName() {
            return WireEnum.wireName(this);
        }

        @JsonCreator
        public static Type fromWire(String value) {
            return WireEnum.fromWire(Type.class, value);
        }
    }

    public static ModelOperationEvent progress(String operationId, String workerId, String backendUrl, PullProgress progress) {
        return new ModelOperationEvent(SchemaVersion.CURRENT, operationId, workerId, backendUrl, Type.PROGRESS, progress,
                null, null, null);
    }

    public static ModelOperationEvent done(String operationId, String workerId, String backendUrl, JsonNode details) {
        return new ModelOperationEvent(SchemaVersion.CURRENT, operationId, workerId, backendUrl, Type.DONE, null, details,
                null, null);
    }

    public static ModelOperationEvent failed(String operationId, String workerId, String backendUrl, ErrorType errorType,
                                             String message) {
        return new ModelOperationEvent(SchemaVersion.CURRENT, operationId, workerId, backendUrl, Type.ERROR, null, null,
                errorType, message);
    }
}
