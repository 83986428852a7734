package dev.switchboard.worker.core.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.Sampling;

/**
 * The sampling settings that Ollama's {@code options} and OpenAI-compatible bodies name alike:
 * {@code temperature}, {@code top_p}, {@code top_k}, {@code seed}, each written only when the client set it, so
 * that the model's own defaults stand otherwise. Stop sequences are never written: worker-core
 * applies them itself.
 */
public final class SamplingOptions {

    private SamplingOptions() {
    }

    public static void write(Sampling sampling, ObjectNode target) {
        if (sampling.temperature() != null) {
            target.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            target.put("top_p", sampling.topP());
        }
        if (sampling.topK() != null) {
            target.put("top_k", sampling.topK());
        }
        if (sampling.seed() != null) {
            target.put("seed", sampling.seed());
        }
    }
}
