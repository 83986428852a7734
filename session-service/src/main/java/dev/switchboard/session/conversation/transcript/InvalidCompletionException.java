package dev.switchboard.session.conversation.transcript;

/** A completion record that decodes but cannot make a turn, e.g. one without a job id. */
public class InvalidCompletionException extends RuntimeException {

    public InvalidCompletionException(String message) {
        super(message);
    }
}
