package dev.switchboard.worker.core.backend.http;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a response body into lines as its bytes arrive, whatever the network's packet boundaries.
 * Lines end with {@code \n} or {@code \r\n} (both are SSE; NDJSON uses the first); bytes are decoded as UTF-8 only once a
 * line is whole, so a character split between two packets stays intact. Unlike Vert.x's
 * RecordParser it hands out the last line when the body ends without a line break: some llama.cpp
 * builds end with {@code data: [DONE]} and nothing after it.
 */
final class LineSplitter {

    private Buffer pending = Buffer.buffer();

    /** The lines that {@code data} completes. */
    List<String> feed(Buffer data) {
        pending.appendBuffer(data);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            if (pending.getByte(i) == '\n') {
                lines.add(decode(start, i));
                start = i + 1;
            }
        }
        if (start > 0) {
            pending = pending.getBuffer(start, pending.length());
        }
        return lines;
    }

    /** At the end of the body: the last line, if it had no line break. */
    List<String> rest() {
        if (pending.length() == 0) {
            return List.of();
        }
        String last = decode(0, pending.length());
        pending = Buffer.buffer();
        return List.of(last);
    }

    private String decode(int start, int end) {
        int stop = end > start && pending.getByte(end - 1) == '\r' ? end - 1 : end;
        return new String(pending.getBytes(start, stop), StandardCharsets.UTF_8);
    }
}
