package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.worker.core.backend.BackendException;

/**
 * Chooses {@code num_ctx} and {@code num_predict}. Ollama loads a model with a small context unless
 * told otherwise and silently cuts a longer prompt from the front, system prompt and tools first;
 * so every request asks for a context that holds its prompt and its answer:
 * {@code num_ctx = min(model's max, max(floor, round up(prompt + max tokens + margin, step)))}.
 * Ollama reloads the model whenever {@code num_ctx} changes, so a loaded context that is already
 * big enough is kept instead.
 */
public final class ContextSizing {

    /** Room for what the estimate cannot see: the template's own text, special tokens, the tool-call format. */
    static final int MARGIN = 256;

    private final int floor;
    private final int step;

    public ContextSizing(int floor, int step) {
        if (floor <= 0 || step <= 0) {
            throw new IllegalArgumentException("num_ctx floor and step must be positive, were " + floor + " and " + step);
        }
        this.floor = floor;
        this.step = step;
    }

    /**
     * @param model         the model's name, for the error message
     * @param promptTokens  the prompt's estimated size
     * @param maxTokens     what the client allows the answer
     * @param modelMax      the model's longest context, or null when unknown (then only the floor and step apply)
     * @param loadedContext the context the model is loaded with now, or null
     * @throws BackendException INVALID_REQUEST when the prompt alone does not fit the model
     */
    public ContextSize size(String model, int promptTokens, int maxTokens, Integer modelMax, Integer loadedContext) {
        long prompt = (long) promptTokens + MARGIN;
        int numPredict = maxTokens;
        if (modelMax != null) {
            // The estimate errs high (see PromptEstimator); refuse only what cannot fit even at four bytes a token.
            long lowest = (long) promptTokens * 3 / 4 + MARGIN;
            if (lowest >= modelMax) {
                throw new BackendException(ErrorType.INVALID_REQUEST, "prompt of about " + promptTokens
                        + " tokens does not fit " + model + "'s context of " + modelMax
                        + " tokens; shorten the conversation (fewer or shorter messages, tool results or tools)"
                        + " or use a model with a longer context");
            }
            if (prompt >= modelMax) {
                // It may fit: give it the whole context. Ollama, told not to truncate, refuses it if it does not.
                return new ContextSize(modelMax, (int) Math.max(1, Math.min(maxTokens, modelMax - lowest)));
            }
            numPredict = (int) Math.min(maxTokens, modelMax - prompt);
        }
        long needed = prompt + numPredict;
        if (loadedContext != null && loadedContext >= needed && (modelMax == null || loadedContext <= modelMax)) {
            return new ContextSize(loadedContext, numPredict);
        }
        long rounded = Math.max(floor, (needed + step - 1) / step * step);
        if (modelMax != null) {
            rounded = Math.min(rounded, modelMax);
        }
        return new ContextSize((int) Math.min(Integer.MAX_VALUE, rounded), numPredict);
    }
}
