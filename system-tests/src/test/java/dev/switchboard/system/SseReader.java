package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads a server-sent event stream in Anthropic's format as a client does; pings are left out. */
final class SseReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One SSE event as the client read it. */
    record Event(String id, String name, JsonNode data) {

        String text() {
            return "content_block_delta".equals(name) && "text_delta".equals(data.path("delta").path("type").asText())
                    ? data.path("delta").path("text").asText() : null;
        }

        /** The turn of a multi-model exchange the event belongs to, or -1. */
        int turn() {
            return data.path("turn").asInt(-1);
        }
    }

    private final BufferedReader reader;
    final List<Event> events = new ArrayList<>();

    SseReader(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** Reads up to {@code count} more text pieces (fewer when the stream ends); false when it ended. */
    boolean readTexts(int count) throws IOException {
        int[] seen = {0};
        until(event -> event.text() != null && ++seen[0] == count);
        return seen[0] == count;
    }

    /** Reads until an event matches (true) or the stream ends (false). */
    boolean until(Predicate<Event> wanted) throws IOException {
        Event event;
        while ((event = next()) != null) {
            if (wanted.test(event)) {
                return true;
            }
        }
        return false;
    }

    List<Event> readToEnd() throws IOException {
        until(event -> false);
        return events;
    }

    String lastId() {
        return events.getLast().id();
    }

    private Event next() throws IOException {
        String id = null;
        String name = null;
        String data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (name == null) {
                    continue;
                }
                if ("ping".equals(name)) {
                    id = null;
                    name = null;
                    continue;
                }
                Event event = new Event(id, name, JSON.readTree(data));
                events.add(event);
                return event;
            }
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        return null;
    }
}
