package dev.switchboard.gateway.anthropic.mapping;

/**
 * A request that cannot be served as sent. The message reads {@code <json path>: <what to fix>},
 * the way Anthropic words its own 400s, e.g.
 * {@code messages.3.content.1.type: unknown content block type 'foo'; expected one of …}.
 */
public class InvalidRequestException extends RuntimeException {

    private final String path;

    public InvalidRequestException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the offending value, {@code body} for the body itself. */
    public String path() {
        return path;
    }
}
