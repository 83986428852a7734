package dev.switchboard.simulator.chat;

import dev.switchboard.simulator.script.Piece;
import dev.switchboard.simulator.script.ToolStream;

import java.util.List;

/** How one protocol writes one reply: stream frames, a whole body, errors. One instance per request. */
public interface ChatFormat {

    String streamContentType();

    /** This format carrying tool calls of a stream as asked; formats that know one way only return themselves. */
    default ChatFormat withToolStream(ToolStream toolStream) {
        return this;
    }

    /** True when the server sends the response headers before the first token (mlx_lm.server does). */
    boolean headersBeforeFirstToken();

    /** The frames that carry one piece; each frame is complete ({@code ...\n} or {@code data: ...\n\n}). */
    List<String> streamPiece(Piece piece);

    /** The frames that end a stream. */
    List<String> streamEnd(Completion completion);

    /** The frames of an error reported inside a stream. */
    List<String> streamError(String message);

    /** The body of a reply that is not streamed. */
    String whole(List<Piece> pieces, Completion completion);

    /** The protocol's error body for an HTTP error status. */
    String errorBody(int status, String message, String code);
}
