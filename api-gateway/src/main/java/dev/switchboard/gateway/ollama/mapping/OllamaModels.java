package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;

import java.time.Instant;
import java.util.Set;

/**
 * Models as Ollama's clients see them: names with a tag ({@code name} and {@code name:latest} are
 * the same model), {@code /api/tags} entries and {@code /api/show} answers built from what the
 * workers report. What the workers do not report (size, digest, family, quantisation) is left
 * empty rather than made up.
 */
public final class OllamaModels {

    /** The Ollama API version this front speaks: thinking, tool calls and schema formats as of this release. */
    public static final String API_VERSION = "0.12.6";
    private static final String LATEST = ":latest";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OllamaModels() {
    }

    /** A name as Ollama lists it: with its tag, {@code :latest} when it has none. */
    public static String tagged(String name) {
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name : name + LATEST;
    }

    /**
     * The served model a client's name means: the name itself when a worker serves it, else the
     * same name with {@code :latest} added or taken away when that one is served, else the name as
     * it is (routing then resolves aliases or says what is wrong).
     */
    public static String served(String requested, Set<String> served) {
        if (served.contains(requested)) {
            return requested;
        }
        if (requested.endsWith(LATEST)) {
            String bare = requested.substring(0, requested.length() - LATEST.length());
            if (served.contains(bare)) {
                return bare;
            }
        } else if (served.contains(tagged(requested))) {
            return tagged(requested);
        }
        return requested;
    }

    /** One entry of {@code /api/tags}. */
    public static ObjectNode tag(ModelInfo model, String backendKind, Instant firstSeen) {
        ObjectNode tag = NODES.objectNode();
        tag.put("name", tagged(model.name()));
        tag.put("model", tagged(model.name()));
        tag.put("modified_at", firstSeen.toString());
        tag.put("size", 0);
        tag.put("digest", "");
        tag.set("details", details(backendKind));
        return tag;
    }

    /**
     * One entry of {@code /api/ps}: a model loaded in a server's memory. Ollama always gives size
     * and GPU size; a size the worker could not read is written as 0, like Ollama's CPU-only size_vram.
     */
    public static ObjectNode loaded(ModelInfo model, String backendKind) {
        ModelInfo.Loaded loaded = model.loaded();
        ObjectNode entry = NODES.objectNode();
        entry.put("name", tagged(model.name()));
        entry.put("model", tagged(model.name()));
        entry.put("size", loaded.sizeBytes() == null ? 0 : loaded.sizeBytes());
        entry.put("digest", "");
        entry.set("details", details(backendKind));
        if (loaded.expiresAt() != null) {
            entry.put("expires_at", loaded.expiresAt().toString());
        }
        entry.put("size_vram", loaded.vramBytes() == null ? 0 : loaded.vramBytes());
        if (loaded.contextLength() != null) {
            entry.put("context_length", loaded.contextLength());
        }
        return entry;
    }

    /** The answer of {@code /api/show}: details, the context length when known, the capabilities. */
    public static ObjectNode show(ModelInfo model, String backendKind, Instant firstSeen) {
        ObjectNode show = NODES.objectNode();
        show.put("license", "");
        show.put("modelfile", "");
        show.put("parameters", "");
        show.put("template", "");
        show.set("details", details(backendKind));
        ObjectNode info = show.putObject("model_info");
        if (model.contextLength() != null) {
            info.put("general.context_length", model.contextLength());
        }
        ArrayNode capabilities = show.putArray("capabilities").add("completion");
        for (Capability capability : Capability.values()) {
            if (model.capabilities().contains(capability)) {
                capabilities.add(switch (capability) {
                    case TOOLS -> "tools";
                    case THINKING -> "thinking";
                    case VISION -> "vision";
                });
            }
        }
        show.put("modified_at", firstSeen.toString());
        return show;
    }

    /** Ollama's model details: the file format is what the backend says, the rest is not reported. */
    private static ObjectNode details(String backendKind) {
        ObjectNode details = NODES.objectNode();
        details.put("parent_model", "");
        details.put("format", "ollama".equals(backendKind) ? "gguf" : "");
        details.put("family", "");
        details.putArray("families");
        details.put("parameter_size", "");
        details.put("quantization_level", "");
        return details;
    }
}
