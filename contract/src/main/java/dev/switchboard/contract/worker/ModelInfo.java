package dev.switchboard.contract.worker;

import java.util.Set;

/**
 * A model a backend serves.
 *
 * @param name          the backend's name for it
 * @param contextLength the longest context it can be loaded with, or null when unknown
 * @param capabilities  what it can do beyond plain text
 */
public record ModelInfo(String name, Integer contextLength, Set<Capability> capabilities) {

    public ModelInfo {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }
}
