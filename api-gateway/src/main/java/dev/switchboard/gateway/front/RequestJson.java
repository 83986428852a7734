package dev.switchboard.gateway.front;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.contract.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a client's request body strictly: valid UTF-8 throughout (Jackson lets some invalid
 * sequences through inside strings), one JSON value and nothing after it, nesting no deeper than
 * the contract can carry on to a worker.
 */
public final class RequestJson {

    private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE)
                            .maxNestingDepth(Json.CLIENT_NESTING_DEPTH)
                            .build())
                    .build())
            .build()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestJson() {
    }

    /** @throws InvalidRequestException saying what is wrong with the body */
    public static JsonNode parse(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("body", "is not valid UTF-8; send JSON encoded as UTF-8");
        }
        try {
            JsonNode json = READER.readTree(body);
            if (json == null || json.isMissingNode()) {
                throw new InvalidRequestException("body", "is empty; send a JSON object");
            }
            return json;
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("body", "could not be read: " + e.getMessage());
        }
    }
}
