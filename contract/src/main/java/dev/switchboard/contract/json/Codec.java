package dev.switchboard.contract.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Versioned;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.contract.worker.WorkerStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Encodes and decodes one kind of contract record, refusing schema versions it does not know. */
public final class Codec<T extends Versioned> {

    public static final Codec<GenerationJob> JOB = new Codec<>(GenerationJob.class);
    public static final Codec<StreamEvent> EVENT = new Codec<>(StreamEvent.class);
    public static final Codec<Completion> COMPLETION = new Codec<>(Completion.class);
    public static final Codec<WorkerStatus> WORKER_STATUS = new Codec<>(WorkerStatus.class);
    public static final Codec<ModelOperation> MODEL_OPERATION = new Codec<>(ModelOperation.class);
    public static final Codec<ModelOperationEvent> MODEL_OPERATION_EVENT = new Codec<>(ModelOperationEvent.class);

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public Codec(Class<T> type) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
    }

    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public String encodeToString(T value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    /** @throws MalformedRecordException when the bytes are not a record of this kind and version */
    public T decode(byte[] bytes) {
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedRecordException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new MalformedRecordException("empty " + type.getSimpleName(), null);
        }
        if (!SchemaVersion.isSupported(value.schemaVersion())) {
            throw new MalformedRecordException(type.getSimpleName() + " has schema version " + value.schemaVersion()
                    + "; this reader knows 1 to " + SchemaVersion.CURRENT, null);
        }
        return value;
    }

    public T decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
