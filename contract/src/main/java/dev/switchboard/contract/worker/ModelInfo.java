package dev.switchboard.contract.worker;

import java.time.Instant;
import java.util.Set;

/**
 * A model a backend serves.
 *
 * @param name          the backend's name for it
 * @param contextLength the longest context it can be loaded with, or null when unknown
 * @param capabilities  what it can do beyond plain text
 * @param loaded        how it sits in memory now, or null when it is not loaded or the backend cannot say
 *                      (only Ollama says, in {@code /api/ps})
 */
public record ModelInfo(String name, Integer contextLength, Set<Capability> capabilities, Loaded loaded) {

    /**
     * A model loaded in the backend's memory.
     *
     * @param contextLength the context it is loaded with, or null when unknown
     * @param vramBytes     how much of it sits in GPU memory, or null when unknown
     * @param expiresAt     when the backend unloads it unless it is used, or null when unknown
     * @param sizeBytes     how much memory it takes in all, or null when unknown (added in schema
     *                      version 1: older statuses read as null)
     */
    public record Loaded(Integer contextLength, Long vramBytes, Instant expiresAt, Long sizeBytes) {

        public Loaded(Integer contextLength, Long vramBytes, Instant expiresAt) {
            this(contextLength, vramBytes, expiresAt, null);
        }
    }

    public ModelInfo {
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    /** A model whose residency is not known. */
    public ModelInfo(String name, Integer contextLength, Set<Capability> capabilities) {
        this(name, contextLength, capabilities, null);
    }

    public ModelInfo withLoaded(Loaded now) {
        return new ModelInfo(name, contextLength, capabilities, now);
    }
}
