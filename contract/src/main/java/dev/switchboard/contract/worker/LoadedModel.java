package dev.switchboard.contract.worker;

import java.time.Instant;

/**
 * A model a backend holds in memory now, as Ollama's {@code /api/ps} tells it.
 *
 * @param sizeBytes     memory the loaded model takes, in bytes
 * @param sizeVramBytes the part of it in GPU memory, in bytes
 * @param expiresAt     when the backend unloads it if unused, or null when never or unknown
 * @param contextLength the context it is loaded with, or null when unknown
 */
public record LoadedModel(long sizeBytes, long sizeVramBytes, Instant expiresAt, Integer contextLength) {
}
