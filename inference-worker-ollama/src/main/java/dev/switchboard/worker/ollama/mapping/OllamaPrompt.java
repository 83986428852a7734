package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The part of an Ollama chat request that fills the model's context: the {@code messages} and the
 * {@code tools}, already in Ollama's form. The context is sized from it before the request is built.
 */
public record OllamaPrompt(ArrayNode messages, ArrayNode tools) {
}
