package dev.switchboard.metrics.usage;

/** A completion record that decodes but cannot become a usage record: it goes to the dead-letter topic. */
public class InvalidCompletionException extends RuntimeException {

    public InvalidCompletionException(String message) {
        super(message);
    }
}
