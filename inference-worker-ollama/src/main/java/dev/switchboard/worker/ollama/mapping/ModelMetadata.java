package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads Ollama's model listings: {@code /api/tags}, {@code /api/show} and {@code /api/ps}. */
public final class ModelMetadata {

    /** One entry of {@code /api/tags}. */
    public record Tag(String name, boolean remote) {
    }

    private ModelMetadata() {
    }

    /** The models of {@code /api/tags}, in Ollama's order. */
    public static List<Tag> tags(JsonNode tags) {
        List<Tag> result = new ArrayList<>();
        for (JsonNode model : tags.path("models")) {
            String name = model.path("name").asText(model.path("model").asText(""));
            if (!name.isEmpty()) {
                result.add(new Tag(name, !model.path("remote_host").asText("").isEmpty()));
            }
        }
        return result;
    }

    /**
     * A model's details from {@code /api/show}. The context length is
     * {@code model_info["<general.architecture>.context_length"]}; capabilities come from the
     * {@code capabilities} array, which Ollama before 0.6.4 does not send (then nothing is inferred).
     */
    public static ModelDetails details(String name, JsonNode show) {
        return new ModelDetails(name, contextLength(show.path("model_info")), capabilities(show.path("capabilities")),
                !show.path("remote_host").asText("").isEmpty());
    }

    /**
     * The context the model is loaded with now, from {@code /api/ps}, or null when it is not loaded
     * (or Ollama is older than 0.9.7, which does not report it).
     */
    public static Integer loadedContextLength(JsonNode ps, String model) {
        return loadedContexts(ps).get(canonicalName(model));
    }

    /** Every loaded model's context from {@code /api/ps}, by name with its tag made explicit. */
    public static Map<String, Integer> loadedContexts(JsonNode ps) {
        Map<String, Integer> contexts = new HashMap<>();
        for (JsonNode loaded : ps.path("models")) {
            int context = loaded.path("context_length").asInt(0);
            if (context > 0) {
                for (String field : List.of("name", "model")) {
                    String name = loaded.path(field).asText("");
                    if (!name.isBlank()) {
                        contexts.putIfAbsent(canonicalName(name), context);
                    }
                }
            }
        }
        return contexts;
    }

    /** Every loaded model of {@code /api/ps}, by name with its tag made explicit. */
    public static Map<String, ModelInfo.Loaded> loaded(JsonNode ps) {
        Map<String, ModelInfo.Loaded> loaded = new HashMap<>();
        for (JsonNode model : ps.path("models")) {
            int context = model.path("context_length").asInt(0);
            ModelInfo.Loaded state = new ModelInfo.Loaded(context > 0 ? context : null,
                    model.hasNonNull("size_vram") ? model.path("size_vram").asLong() : null, expiry(model.path("expires_at").asText("")),
                    model.hasNonNull("size") ? model.path("size").asLong() : null);
            for (String field : List.of("name", "model")) {
                String name = model.path(field).asText("");
                if (!name.isBlank()) {
                    loaded.putIfAbsent(canonicalName(name), state);
                }
            }
        }
        return loaded;
    }

    private static Instant expiry(String text) {
        try {
            return text.isBlank() ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Ollama's default tag made explicit: {@code llama3.2} is {@code llama3.2:latest}. */
    public static String canonicalName(String model) {
        String name = model.strip();
        int slash = name.lastIndexOf('/');
        return name.lastIndexOf(':') > slash ? name : name + ":latest";
    }

    private static Integer contextLength(JsonNode modelInfo) {
        String architecture = modelInfo.path("general.architecture").asText("");
        JsonNode length = modelInfo.path(architecture + ".context_length");
        if (!architecture.isEmpty() && length.canConvertToInt() && length.asInt() > 0) {
            return length.asInt();
        }
        // A model without general.architecture: the one key Ollama names *.context_length.
        for (Iterator<Map.Entry<String, JsonNode>> fields = modelInfo.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith(".context_length") && field.getValue().canConvertToInt()
                    && field.getValue().asInt() > 0) {
                return field.getValue().asInt();
            }
        }
        return null;
    }

    private static Set<Capability> capabilities(JsonNode capabilities) {
        Set<Capability> result = EnumSet.noneOf(Capability.class);
        for (JsonNode capability : capabilities) {
            switch (capability.asText()) {
                case "tools" -> result.add(Capability.TOOLS);
                case "thinking" -> result.add(Capability.THINKING);
                case "vision" -> result.add(Capability.VISION);
                default -> {
                    // completion, insert, embedding, image, audio: nothing Switchboard routes by
                }
            }
        }
        return result;
    }
}
