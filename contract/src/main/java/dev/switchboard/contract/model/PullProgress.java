package dev.switchboard.contract.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a pull's progress, as Ollama writes it: a step ({@code pulling manifest},
 * {@code verifying sha256 digest}, {@code writing manifest}, {@code success}), or a layer's
 * {@code pulling <digest>} with its {@code digest}, {@code total} bytes and bytes {@code completed}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PullProgress(String status, String digest, Long total, Long completed) {

    public static final String SUCCESS = "success";

    public static PullProgress step(String status) {
        return new PullProgress(status, null, null, null);
    }

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
