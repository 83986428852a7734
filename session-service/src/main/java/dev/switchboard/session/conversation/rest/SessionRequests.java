package dev.switchboard.session.conversation.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.session.conversation.ConversationFilter;
import dev.switchboard.session.conversation.Source;
import dev.switchboard.session.conversation.transcript.Titles;

import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Reads and checks what a client sends; anything off becomes an {@link InvalidRequestException} saying what to fix. */
final class SessionRequests {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 200;
    static final int MAX_QUERY_LENGTH = 200;

    private SessionRequests() {
    }

    record Paging(int page, int size) {
    }

    record Create(Optional<String> title, Source source) {
    }

    record Patch(Optional<String> title, Optional<Boolean> archived) {
    }

    enum ExportFormat {
        MARKDOWN, JSON
    }

    static Paging paging(String page, String size) {
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = number("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        if ((long) pageNumber * pageSize > Integer.MAX_VALUE) {
            throw new InvalidRequestException("page " + pageNumber + " of size " + pageSize + " is past any list; ask for a lower page");
        }
        return new Paging(pageNumber, pageSize);
    }

    /** The API key the gateway scopes a call to; none when it sent none. */
    static Optional<String> apiKey(String apiKey) {
        return Optional.ofNullable(apiKey).map(String::strip).filter(key -> !key.isEmpty());
    }

    static ConversationFilter filter(String source, String archived, String q, String apiKey) {
        Optional<Source> sourceFilter = Optional.empty();
        if (source != null && !source.isBlank()) {
            sourceFilter = Optional.of(Source.fromWire(source.strip()).orElseThrow(() -> new InvalidRequestException(
                    "source must be one of " + Source.wireNames() + ", was '" + source + "'")));
        }
        Optional<Boolean> archivedFilter = Optional.empty();
        if (archived != null && !archived.isBlank()) {
            archivedFilter = Optional.of(switch (archived.strip()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidRequestException("archived must be true or false, was '" + archived + "'");
            });
        }
        Optional<String> text = Optional.ofNullable(q).map(String::strip).filter(s -> !s.isEmpty());
        if (text.isPresent() && text.get().length() > MAX_QUERY_LENGTH) {
            throw new InvalidRequestException("q is " + text.get().length() + " characters long; search with at most "
                    + MAX_QUERY_LENGTH);
        }
        return new ConversationFilter(sourceFilter, archivedFilter, text, apiKey(apiKey));
    }

    static Create create(String body) {
        ObjectNode json = object(body, true, Set.of("title", "source"));
        Optional<String> title = json.hasNonNull("title") ? Optional.of(title(json.get("title"))) : Optional.empty();
        Source source = Source.WEB;
        JsonNode sourceNode = json.get("source");
        if (sourceNode != null && !sourceNode.isNull()) {
            if (!sourceNode.isTextual()) {
                throw new InvalidRequestException("source must be a string: one of " + Source.wireNames());
            }
            source = Source.fromWire(sourceNode.textValue()).orElseThrow(() -> new InvalidRequestException(
                    "source must be one of " + Source.wireNames() + ", was '" + sourceNode.textValue() + "'"));
        }
        return new Create(title, source);
    }

    static Patch patch(String body) {
        ObjectNode json = object(body, false, Set.of("title", "archived"));
        Optional<String> title = json.has("title") ? Optional.of(title(json.get("title"))) : Optional.empty();
        Optional<Boolean> archived = Optional.empty();
        if (json.has("archived")) {
            JsonNode node = json.get("archived");
            if (!node.isBoolean()) {
                throw new InvalidRequestException("archived must be true or false (a JSON boolean), was " + node);
            }
            archived = Optional.of(node.booleanValue());
        }
        if (title.isEmpty() && archived.isEmpty()) {
            throw new InvalidRequestException("nothing to change: send {\"title\": \"…\"} and/or {\"archived\": true|false}");
        }
        return new Patch(title, archived);
    }

    static ExportFormat format(String format) {
        if (format == null || format.isBlank()) {
            return ExportFormat.MARKDOWN;
        }
        return switch (format.strip()) {
            case "markdown", "md" -> ExportFormat.MARKDOWN;
            case "json" -> ExportFormat.JSON;
            default -> throw new InvalidRequestException("format must be markdown or json, was '" + format + "'");
        };
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
        }
        if (number < min || number > max) {
            throw new InvalidRequestException(name + " must be from " + min + " to " + max + ", was " + number);
        }
        return number;
    }

    private static ObjectNode object(String body, boolean emptyAllowed, Set<String> fields) {
        String expected = "a JSON object with " + String.join(" and/or ", fields.stream().sorted().toList());
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return Json.mapper().createObjectNode();
            }
            throw new InvalidRequestException("the body is empty; send " + expected);
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("the body is not valid JSON (" + e.getOriginalMessage() + "); send " + expected);
        }
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidRequestException("the body must be " + expected);
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidRequestException("unknown field '" + name + "'; send " + expected);
            }
        }
        return object;
    }

    private static String title(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new InvalidRequestException("title must be a non-empty string, was " + node);
        }
        String title = node.textValue().strip();
        if (title.length() > Titles.MAX_CUSTOM_LENGTH) {
            throw new InvalidRequestException("title is " + title.length() + " characters long; keep it to "
                    + Titles.MAX_CUSTOM_LENGTH);
        }
        return title;
    }
}
