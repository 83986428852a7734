package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;

import java.util.Set;

/**
 * What Ollama's {@code /api/show} tells about one model.
 *
 * @param name          the model's name as asked for
 * @param contextLength the longest context the model was trained for, or null when Ollama did not say
 * @param capabilities  what it can do beyond text; empty when Ollama is too old to say
 * @param remote        true when the model runs on another host (Ollama's cloud)
 */
public record ModelDetails(String name, Integer contextLength, Set<Capability> capabilities, boolean remote) {

    public ModelDetails {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }

    public ModelInfo toModelInfo() {
        return new ModelInfo(name, contextLength, capabilities);
    }
}
