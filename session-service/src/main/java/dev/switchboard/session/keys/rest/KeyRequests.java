package dev.switchboard.session.keys.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.json.Json;
import dev.switchboard.session.conversation.rest.InvalidRequestException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the bodies of the key API; anything off becomes an {@link InvalidRequestException}
 * saying what to fix. The secret's hash and prefix come from the gateway, which made the secret.
 */
final class KeyRequests {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_MODELS = 100;
    static final int MAX_MODEL_LENGTH = 200;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("sk-sb-[A-Za-z0-9_-]{1,12}");
    /** Model names as Ollama and the routing table write them: no spaces, no control characters. */
    private static final Pattern MODEL = Pattern.compile("[\\p{Alnum}._:/@+*-]+");
    private static final Set<String> LIMIT_FIELDS = Set.of("requests_per_minute", "concurrent", "output_tokens_per_day");

    private KeyRequests() {
    }

    /** Null fields mean no limit. */
    record Limits(Integer requestsPerMinute, Integer concurrent, Long outputTokensPerDay) {
        static final Limits NONE = new Limits(null, null, null);
    }

    record Create(String secretSha256, String prefix, String name, List<String> models, Limits limits, Instant expiresAt) {
    }

    /** Each present field replaces what the key has; an absent one leaves it. */
    record Patch(Optional<String> name, Optional<List<String>> models, Optional<Limits> limits,
                 Optional<Boolean> disabled, Optional<Optional<Instant>> expiresAt) {
    }

    static Create create(String body) {
        ObjectNode json = object(body, Set.of("name", "expires_at", "models", "limits", "secret_sha256", "prefix"));
        if (!json.hasNonNull("name")) {
            throw new InvalidRequestException("name is required: a short text saying who or what uses the key");
        }
        String hash = text(json, "secret_sha256");
        if (hash == null || !SHA256.matcher(hash).matches()) {
            throw new InvalidRequestException("secret_sha256 must be 64 lowercase hex digits");
        }
        String prefix = text(json, "prefix");
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new InvalidRequestException("prefix must be sk-sb- and up to 12 characters of the secret");
        }
        return new Create(hash, prefix, name(json.get("name")),
                json.hasNonNull("models") ? models(json.get("models")) : List.of(),
                json.hasNonNull("limits") ? limits(json.get("limits")) : Limits.NONE,
                json.hasNonNull("expires_at") ? instant(json.get("expires_at")) : null);
    }

    static Patch patch(String body) {
        ObjectNode json = object(body, Set.of("name", "expires_at", "models", "limits", "disabled"));
        if (json.isEmpty()) {
            throw new InvalidRequestException("nothing to change: send name, models, limits, disabled and/or expires_at");
        }
        Optional<Boolean> disabled = Optional.empty();
        if (json.has("disabled")) {
            if (!json.get("disabled").isBoolean()) {
                throw new InvalidRequestException("disabled must be true or false (a JSON boolean), was " + json.get("disabled"));
            }
            disabled = Optional.of(json.get("disabled").booleanValue());
        }
        return new Patch(
                json.has("name") ? Optional.of(name(json.get("name"))) : Optional.empty(),
                json.has("models") ? Optional.of(json.get("models").isNull() ? List.of() : models(json.get("models"))) : Optional.empty(),
                json.has("limits") ? Optional.of(json.get("limits").isNull() ? Limits.NONE : limits(json.get("limits"))) : Optional.empty(),
                disabled,
                json.has("expires_at")
                        ? Optional.of(json.get("expires_at").isNull() ? Optional.empty() : Optional.of(instant(json.get("expires_at"))))
                        : Optional.empty());
    }

    private static String name(JsonNode node) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new InvalidRequestException("name must be a non-empty string, was " + abbreviated(node));
        }
        String name = node.textValue().strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("name is " + name.length() + " characters long; keep it to " + MAX_NAME_LENGTH);
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("name must not contain control characters");
        }
        return name;
    }

    private static List<String> models(JsonNode node) {
        if (!node.isArray()) {
            throw new InvalidRequestException("models must be an array of model names or \"pool/*\", was " + abbreviated(node));
        }
        if (node.size() > MAX_MODELS) {
            throw new InvalidRequestException("models has " + node.size() + " entries; allow at most " + MAX_MODELS
                    + " (a whole pool is \"pool/*\")");
        }
        List<String> models = new ArrayList<>();
        for (JsonNode model : node) {
            if (!model.isTextual() || model.textValue().isEmpty() || model.textValue().length() > MAX_MODEL_LENGTH
                    || !MODEL.matcher(model.textValue()).matches()) {
                throw new InvalidRequestException("each model must be a model name or \"pool/*\" of at most "
                        + MAX_MODEL_LENGTH + " characters without spaces, was " + abbreviated(model));
            }
            if (model.textValue().contains("*") && !model.textValue().matches("[^*/]+/\\*")) {
                throw new InvalidRequestException("a wildcard is only allowed as a whole pool, \"pool/*\", was " + abbreviated(model));
            }
            models.add(model.textValue());
        }
        return List.copyOf(models);
    }

    private static Limits limits(JsonNode node) {
        if (!(node instanceof ObjectNode limits)) {
            throw new InvalidRequestException("limits must be an object with " + String.join(", ", LIMIT_FIELDS.stream().sorted().toList()));
        }
        for (Iterator<String> names = limits.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!LIMIT_FIELDS.contains(name)) {
                throw new InvalidRequestException("unknown limit '" + abbreviated(name) + "'; the limits are "
                        + String.join(", ", LIMIT_FIELDS.stream().sorted().toList()));
            }
        }
        Long rpm = positive(limits, "requests_per_minute", 1_000_000);
        Long concurrent = positive(limits, "concurrent", 10_000);
        Long tokens = positive(limits, "output_tokens_per_day", 1_000_000_000_000L);
        return new Limits(rpm == null ? null : rpm.intValue(), concurrent == null ? null : concurrent.intValue(), tokens);
    }

    private static Long positive(ObjectNode limits, String field, long max) {
        JsonNode node = limits.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > max) {
            throw new InvalidRequestException("limits." + field + " must be a whole number from 1 to " + max
                    + " (or null for no limit), was " + abbreviated(node));
        }
        return node.longValue();
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            throw new InvalidRequestException("expires_at must be an ISO-8601 time such as 2027-01-31T00:00:00Z, was " + abbreviated(node));
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("expires_at must be an ISO-8601 time with an offset such as 2027-01-31T00:00:00Z, was '"
                    + abbreviated(node.textValue()) + "'");
        }
    }

    private static String text(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static ObjectNode object(String body, Set<String> fields) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException("the body is empty; send a JSON object");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("the body is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new InvalidRequestException("unknown field '" + abbreviated(name) + "'; the fields are name, expires_at, models, limits"
                        + (fields.contains("disabled") ? ", disabled" : ""));
            }
        }
        return object;
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
