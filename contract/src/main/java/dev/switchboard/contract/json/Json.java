package dev.switchboard.contract.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON configuration for records that travel between services. */
public final class Json {

    /** Jobs carry whole conversations: one tool result alone can be tens of MB. */
    private static final int MAX_STRING_LENGTH = 128 * 1024 * 1024;
    /**
     * The deepest nesting a client may send: Jackson's default. Records wrap what clients sent a
     * few levels deeper, so they are read and written with {@link #RECORD_NESTING_DEPTH}.
     */
    public static final int CLIENT_NESTING_DEPTH = 1000;
    private static final int RECORD_NESTING_DEPTH = CLIENT_NESTING_DEPTH + 50;

    private static final ObjectMapper MAPPER = configure(JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH).maxNestingDepth(RECORD_NESTING_DEPTH).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(RECORD_NESTING_DEPTH).build())
            .build())).build();

    private Json() {
    }

    /** Shared, thread-safe mapper for contract records. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies the contract's settings to a mapper builder: unknown fields are ignored so that an
     * older reader accepts a newer writer's additions, nulls are left out, times are ISO-8601.
     */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
