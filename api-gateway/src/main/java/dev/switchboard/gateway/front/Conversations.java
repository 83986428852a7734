package dev.switchboard.gateway.front;

import io.vertx.core.http.HttpServerRequest;

/**
 * The conversation a request belongs to. One header names it on every front; each protocol's own
 * hint (OpenAI's {@code user}, an {@code X-Session-Id} header, Claude Code's session id) is an
 * alias, and the header wins when both are present.
 */
public final class Conversations {

    /** The header every front reads the conversation id from. */
    public static final String HEADER = "switchboard-conversation-id";
    /** Longest conversation id kept; a longer hint is not an id but something else. */
    static final int MAX_ID = 256;

    private Conversations() {
    }

    /** The conversation id: the header's, else the first usable hint, else null. */
    public static String of(HttpServerRequest request, String... hints) {
        String header = usable(request.getHeader(HEADER));
        if (header != null) {
            return header;
        }
        for (String hint : hints) {
            String id = usable(hint);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String usable(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = value.strip();
        return id.length() <= MAX_ID ? id : null;
    }
}
