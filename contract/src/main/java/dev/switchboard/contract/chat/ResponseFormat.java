package dev.switchboard.contract.chat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The shape the answer must have. A request without one is answered in free text. Ollama takes
 * either as its {@code format} ({@code "json"} or the schema); OpenAI-compatible servers as
 * {@code response_format}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ResponseFormat.JsonObject.class, name = "json_object"),
        @JsonSubTypes.Type(value = ResponseFormat.JsonSchema.class, name = "json_schema")
})
public sealed interface ResponseFormat {

    /** Any JSON object. */
    record JsonObject() implements ResponseFormat {
    }

    /**
     * JSON that the schema describes.
     *
     * @param name   the schema's name, as OpenAI's clients give it; null when the client gave none
     * @param schema a JSON schema
     * @param strict whether the client asked that the schema be followed exactly
     */
    record JsonSchema(String name, ObjectNode schema, boolean strict) implements ResponseFormat {
        public JsonSchema {
            if (schema == null) {
                throw new IllegalArgumentException("a json_schema response format needs a schema");
            }
        }
    }
}
