package dev.switchboard.session.conversation.transcript;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Content blocks as the contract writes them: the form kept in the {@code content} column. */
public final class ContentJson {

    private static final TypeReference<List<ContentBlock>> BLOCKS = new TypeReference<>() {
    };
    private static final ObjectWriter WRITER = Json.mapper().writerFor(BLOCKS);
    private static final ObjectReader READER = Json.mapper().readerFor(BLOCKS);

    private ContentJson() {
    }

    public static String write(List<ContentBlock> blocks) {
        try {
            return WRITER.writeValueAsString(blocks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write content blocks", e);
        }
    }

    public static List<ContentBlock> read(String json) {
        try {
            return READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored content is not a list of content blocks", e);
        }
    }
}
