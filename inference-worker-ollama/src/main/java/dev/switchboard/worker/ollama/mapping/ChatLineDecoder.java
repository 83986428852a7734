package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.http.LineDecoder;

import java.util.List;

/** Ollama's {@code /api/chat} stream, line by line: the answer is complete at the line with {@code done: true}. */
public final class ChatLineDecoder implements LineDecoder<BackendEvent> {

    private boolean done;

    @Override
    public List<BackendEvent> line(String line) {
        List<BackendEvent> events = ChatResponseMapper.events(line);
        done = !events.isEmpty() && events.getLast() instanceof BackendEvent.Finished;
        return events;
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public List<BackendEvent> end() {
        throw new BackendException(ErrorType.BACKEND_ERROR, "Ollama's stream ended before done");
    }
}
