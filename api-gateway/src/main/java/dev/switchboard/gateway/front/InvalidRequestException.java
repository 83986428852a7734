package dev.switchboard.gateway.front;

/**
 * A request that cannot be served as sent. The message reads {@code <json path>: <what to fix>},
 * the way Anthropic words its own 400s, e.g.
 * {@code messages.3.content.1.type: unknown content block type 'foo'; expected one of …}.
 */
public class InvalidRequestException extends RuntimeException {

    private final String path;

    /** Longest message; a longer one (it quotes a huge value) loses its middle, keeping what to fix. */
    static final int MAX_MESSAGE = 1024;

    public InvalidRequestException(String path, String problem) {
        super(bounded(path + ": " + problem));
        this.path = path;
    }

    private static String bounded(String message) {
        if (message.length() <= MAX_MESSAGE) {
            return message;
        }
        int tail = MAX_MESSAGE / 4;
        return message.substring(0, MAX_MESSAGE - tail - 1) + "…" + message.substring(message.length() - tail);
    }

    /** The JSON path of the offending value, {@code body} for the body itself. */
    public String path() {
        return path;
    }
}
