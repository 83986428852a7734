package dev.switchboard.gateway.openai.rest;

import dev.switchboard.gateway.openai.mapping.OpenAiErrors;

/** An error answered before any byte of a response, in OpenAI's shape and with its HTTP status. */
public class OpenAiError extends RuntimeException {

    private final OpenAiErrors.Mapped mapped;

    public OpenAiError(OpenAiErrors.Mapped mapped, String message) {
        super(message);
        this.mapped = mapped;
    }

    public static OpenAiError invalidRequest(String param, String message) {
        return new OpenAiError(new OpenAiErrors.Mapped(400, OpenAiErrors.INVALID_REQUEST, param, null), message);
    }

    public static OpenAiError notFound(String message, String code) {
        return new OpenAiError(new OpenAiErrors.Mapped(404, OpenAiErrors.INVALID_REQUEST, null, code), message);
    }

    public OpenAiErrors.Mapped mapped() {
        return mapped;
    }
}
