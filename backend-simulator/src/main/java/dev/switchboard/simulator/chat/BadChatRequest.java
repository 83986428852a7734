package dev.switchboard.simulator.chat;

/** A request the protocol rejects; {@code code} is the OpenAI error code, when there is one. */
public class BadChatRequest extends RuntimeException {

    private final int status;
    private final String code;

    public BadChatRequest(int status, String message, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
