package dev.switchboard.gateway.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.front.InvalidRequestException;
import dev.switchboard.gateway.front.JsonFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request to start an exchange ({@code POST /api/chat/multi-model}), read and checked: whatever
 * is wrong is an {@link InvalidRequestException} naming the field and what to fix. Whether each
 * model has a live worker is the router's to say, when the exchange starts.
 *
 * @param conversationId the conversation to file the exchange in, or null for a new one
 */
public record ExchangeRequest(List<Participant> participants, String message, ExchangeMode mode, int rounds,
                              String conversationId) {

    /** Longest participant name: it prefixes every turn the others see. */
    static final int MAX_NAME = 40;

    /** The limits a request is checked against. */
    public record Limits(int maxRounds, int maxParticipants, int defaultMaxTokens) {
    }

    public static ExchangeRequest read(JsonNode body, Limits limits) {
        ObjectNode root = JsonFields.object(body, "body");
        List<Participant> participants = participants(JsonFields.given(root, "participants"), limits);
        String message = JsonFields.requiredNonBlank(root, "message", "message");
        ExchangeMode mode = mode(JsonFields.optionalString(root, "mode", "mode"));
        int rounds = rounds(root, limits);
        String conversationId = JsonFields.optionalString(root, "conversation_id", "conversation_id");
        if (conversationId != null && (conversationId.isBlank() || conversationId.length() > 200)) {
            throw new InvalidRequestException("conversation_id", "must be 1 to 200 characters, or left out for a new conversation");
        }
        return new ExchangeRequest(participants, message, mode, rounds, conversationId == null ? null : conversationId.strip());
    }

    /** The user's message of {@code POST /api/chat/multi-model/{id}/messages}, and how many rounds follow it. */
    public record Continuation(String message, int rounds) {

        public static Continuation read(JsonNode body, Limits limits) {
            ObjectNode root = JsonFields.object(body, "body");
            return new Continuation(JsonFields.requiredNonBlank(root, "message", "message"), ExchangeRequest.rounds(root, limits));
        }
    }

    private static int rounds(ObjectNode root, Limits limits) {
        JsonNode given = JsonFields.given(root, "rounds");
        int rounds = given == null ? 1 : JsonFields.integer(given, "rounds");
        if (rounds < 1 || rounds > limits.maxRounds()) {
            throw new InvalidRequestException("rounds", "must be between 1 and " + limits.maxRounds()
                    + " (SWITCHBOARD_MULTI_MODEL_MAX_ROUNDS), got " + rounds);
        }
        return rounds;
    }

    private static ExchangeMode mode(String wire) {
        if (wire == null) {
            return ExchangeMode.CONVERSATION;
        }
        return ExchangeMode.fromWire(wire).orElseThrow(() -> new InvalidRequestException("mode",
                "expected 'conversation' or 'side-by-side', got '" + wire + "'"));
    }

    private static List<Participant> participants(JsonNode node, Limits limits) {
        if (node == null) {
            throw new InvalidRequestException("participants", "field required; name at least one participant {model, name, system}");
        }
        ArrayNode array = JsonFields.array(node, "participants");
        if (array.isEmpty()) {
            throw new InvalidRequestException("participants", "must hold at least one participant {model, name, system}");
        }
        if (array.size() > limits.maxParticipants()) {
            throw new InvalidRequestException("participants", "at most " + limits.maxParticipants()
                    + " participants take part in one exchange, got " + array.size());
        }
        List<Participant> participants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "participants." + i;
            ObjectNode item = JsonFields.object(array.get(i), path);
            String model = JsonFields.requiredNonBlank(item, "model", path + ".model").strip();
            String name = JsonFields.requiredNonBlank(item, "name", path + ".name").strip();
            if (name.length() > MAX_NAME || name.contains("\n") || name.contains(":")) {
                throw new InvalidRequestException(path + ".name", "must be one line of at most " + MAX_NAME
                        + " characters without ':', got '" + name + "'");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException(path + ".name", "'" + name + "' is taken by an earlier participant; "
                        + "give each participant its own name");
            }
            String system = JsonFields.optionalString(item, "system", path + ".system");
            Double temperature = temperature(item, path);
            JsonNode maxTokensNode = JsonFields.given(item, "max_tokens");
            int maxTokens = maxTokensNode == null ? limits.defaultMaxTokens() : JsonFields.integer(maxTokensNode, path + ".max_tokens");
            if (maxTokens < 1) {
                throw new InvalidRequestException(path + ".max_tokens", "must be at least 1, got " + maxTokens);
            }
            participants.add(new Participant(model, name, system, temperature, maxTokens));
        }
        return List.copyOf(participants);
    }

    private static Double temperature(ObjectNode item, String path) {
        JsonNode node = JsonFields.given(item, "temperature");
        if (node == null) {
            return null;
        }
        double temperature = JsonFields.number(node, path + ".temperature");
        if (temperature < 0 || temperature > 2) {
            throw new InvalidRequestException(path + ".temperature", "must be between 0 and 2, got " + node.asText());
        }
        return temperature;
    }
}
