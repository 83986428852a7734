package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A deliberately high guess of how many tokens a prompt takes, made without the model's tokenizer.
 * Tokenizers of current models average about 4 UTF-8 bytes a token on English, 3 to 3.5 on code
 * and JSON, and about one token per character on Chinese or Japanese (3 bytes each), so one token
 * every {@value #BYTES_PER_TOKEN} bytes overestimates all of them. Counted: every message's text,
 * reasoning and tool calls (their JSON), the tools' JSON (names, descriptions, schemas), plus
 * {@value #TOKENS_PER_MESSAGE} tokens of chat-template markup a message and
 * {@value #TOKENS_PER_IMAGE} a image (the figure Ollama itself uses when it fits images into a context).
 */
public final class PromptEstimator {

    static final int BYTES_PER_TOKEN = 3;
    static final int TOKENS_PER_MESSAGE = 8;
    static final int TOKENS_PER_IMAGE = 768;

    private PromptEstimator() {
    }

    public static int estimate(OllamaPrompt prompt) {
        long bytes = 0;
        long images = 0;
        for (JsonNode message : prompt.messages()) {
            bytes += utf8Length(message.path("content").asText(""));
            bytes += utf8Length(message.path("thinking").asText(""));
            bytes += utf8Length(message.path("tool_name").asText(""));
            JsonNode calls = message.path("tool_calls");
            if (!calls.isMissingNode()) {
                bytes += utf8Length(calls.toString());
            }
            images += message.path("images").size();
        }
        if (!prompt.tools().isEmpty()) {
            bytes += utf8Length(prompt.tools().toString());
        }
        long tokens = (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN
                + (long) prompt.messages().size() * TOKENS_PER_MESSAGE
                + images * TOKENS_PER_IMAGE;
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
