package dev.switchboard.worker.ollama.mapping;

/**
 * The context to load the model with and how many tokens it may generate in it.
 *
 * @param numCtx     Ollama's {@code num_ctx}
 * @param numPredict Ollama's {@code num_predict}; lower than the client's max tokens when those would not fit
 */
public record ContextSize(int numCtx, int numPredict) {
}
