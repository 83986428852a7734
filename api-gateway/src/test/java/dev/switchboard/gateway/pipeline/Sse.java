package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A small server-sent-events client for tests: reads a stream into (event, data) pairs. */
final class Sse {

    record Event(String name, JsonNode data) {
    }

    record Response(int status, Map<String, List<String>> headers, List<Event> events, String body) {
        List<String> names() {
            return events.stream().map(Event::name).toList();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Sse() {
    }

    static Response post(URI uri, String json, Map<String, String> headers) {
        return post(uri, json, headers, event -> false);
    }

    /** Posts and reads events until the stream ends, or until {@code stopAfter} says to hang up. */
    static Response post(URI uri, String json, Map<String, String> headers, Predicate<Event> stopAfter) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("content-type", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<Stream<String>> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            List<Event> events = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            String name = null;
            try (Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    body.append(line).append('\n');
                    if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        Event event = new Event(name, Json.mapper().readTree(line.substring(6)));
                        events.add(event);
                        if (stopAfter.test(event)) {
                            break;
                        }
                    }
                }
            }
            return new Response(response.statusCode(), response.headers().map(), events, body.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
