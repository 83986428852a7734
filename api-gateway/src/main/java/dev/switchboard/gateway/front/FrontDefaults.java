package dev.switchboard.gateway.front;

/** What a front assumes when its protocol lets a client leave a limit out. */
public final class FrontDefaults {

    /**
     * The answer's token limit when the client sets none (OpenAI's {@code max_tokens}, Ollama's
     * {@code num_predict}): the canonical request always carries one, and the Ollama worker lowers
     * it further when the prompt and the answer would not both fit the model's context.
     */
    public static final int MAX_TOKENS = 4096;

    private FrontDefaults() {
    }
}
