package dev.switchboard.session.conversation.rest;

/** Client input the API cannot take; the message says what to send instead. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
