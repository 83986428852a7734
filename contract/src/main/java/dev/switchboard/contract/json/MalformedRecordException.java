package dev.switchboard.contract.json;

/** A record that cannot be read: broken JSON, a missing field, or an unknown schema version. */
public class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
