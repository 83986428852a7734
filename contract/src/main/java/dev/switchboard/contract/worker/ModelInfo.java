package dev.switchboard.contract.worker;

import java.util.Set;

/**
 * A model a backend serves.
 *
 * @param name          the backend's name for it
 * @param contextLength the longest context it can be loaded with, or null when unknown
 * @param capabilities  what it can do beyond plain text
 * @param loaded        how it is loaded in the backend's memory now, or null when it is not loaded
 *                      or the backend cannot say (added in schema version 1: older statuses read as null)
 */
public record ModelInfo(String name, Integer contextLength, Set<Capability> capabilities, LoadedModel loaded) {

    public ModelInfo(String name, Integer contextLength, Set<Capability> capabilities) {
        this(name, contextLength, capabilities, null);
    }

    public ModelInfo withLoaded(LoadedModel loaded) {
        return new ModelInfo(name, contextLength, capabilities, loaded);
    }

    public ModelInfo {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }
}
