package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompt accounting: tokens are estimated as characters / {@value #CHARS_PER_TOKEN} (at least 1);
 * the cached part is the prefix shared with the previous prompt for the same server and model, as a server
 * with a warm prompt cache would report it.
 */
@ApplicationScoped
public class PromptCache {

    public static final int CHARS_PER_TOKEN = 4;

    private final boolean enabled;
    private final Map<String, String> lastPrompt = new ConcurrentHashMap<>();

    public PromptCache(SimulatorConfig config) {
        this.enabled = config.promptCache().enabled();
    }

    public static int estimateTokens(String text) {
        return Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    /** Cached tokens of this prompt; remembers it as the latest for {@code key} (server and model). */
    public int cachedTokens(String key, String prompt) {
        String previous = lastPrompt.put(key, prompt);
        if (!enabled || previous == null) {
            return 0;
        }
        int shared = 0;
        int max = Math.min(previous.length(), prompt.length());
        while (shared < max && previous.charAt(shared) == prompt.charAt(shared)) {
            shared++;
        }
        return Math.min(shared / CHARS_PER_TOKEN, estimateTokens(prompt));
    }

    public void clear() {
        lastPrompt.clear();
    }
}
