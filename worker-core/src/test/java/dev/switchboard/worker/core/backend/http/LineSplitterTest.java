package dev.switchboard.worker.core.backend.http;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

    @Test
    void cutsLinesWhereverThePacketsEnd() {
        byte[] body = "data: {\"content\":\"caf\u00e9 \u2615\"}\r\n\r\n: keepalive 1/2\n\ndata: [DONE]".getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= body.length; size++) {
            LineSplitter splitter = new LineSplitter();
            List<String> lines = new ArrayList<>();
            for (int start = 0; start < body.length; start += size) {
                lines.addAll(splitter.feed(Buffer.buffer(Arrays.copyOfRange(body, start, Math.min(body.length, start + size)))));
            }
            lines.addAll(splitter.rest());

            assertThat(lines).as("packets of %d bytes", size)
                    .containsExactly("data: {\"content\":\"caf\u00e9 \u2615\"}", "", ": keepalive 1/2", "", "data: [DONE]");
        }
    }

    @Test
    void nothingIsLeftWhenTheBodyEndsWithALineBreak() {
        LineSplitter splitter = new LineSplitter();

        assertThat(splitter.feed(Buffer.buffer("data: [DONE]\n\n"))).containsExactly("data: [DONE]", "");
        assertThat(splitter.rest()).isEmpty();
    }
}
