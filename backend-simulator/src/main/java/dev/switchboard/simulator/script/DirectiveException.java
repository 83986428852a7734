package dev.switchboard.simulator.script;

/** A directive or simulator header that cannot be understood; its message says what to fix. */
public class DirectiveException extends RuntimeException {

    public DirectiveException(String message) {
        super(message);
    }
}
