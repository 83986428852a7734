package dev.switchboard.gateway.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends exactly the bytes and headers a
 * hostile client would, at the pace it chooses, which no ordinary HTTP client lets a test do
 * (wrong lengths, no Content-Type, a body trickled or cut off). The body is written by a thread of
 * its own, so that a server answering before it read the whole body is heard.
 */
final class RawHttp {

    /** A response as read off the wire; header names in lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The request: {@code headers} as given (a null Content-Type means none is sent), and the
     * framing header (Content-Length or Transfer-Encoding) added unless the case sets one itself.
     */
    record Request(String method, String target, Map<String, String> headers, RequestBody body, Delivery delivery) {
    }

    /** What came back: a response, or why none did. */
    record Outcome(Response response, String failure, Duration took) {
    }

    private static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
    private final String host;
    private final int port;
    private final Duration timeout;

    RawHttp(URI base, Duration timeout) {
        this.host = base.getHost();
        this.port = base.getPort();
        this.timeout = timeout;
    }

    Outcome exchange(Request request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    write(socket.getOutputStream(), request);
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            });
            Response response;
            try {
                response = read(new BufferedInputStream(socket.getInputStream()));
            } catch (SocketTimeoutException e) {
                return new Outcome(null, "no response within " + timeout.toSeconds() + " s", Duration.ofNanos(System.nanoTime() - started));
            } catch (IOException e) {
                String why = e.getMessage() + (writeFailure.get() == null ? "" : "; writing failed: " + writeFailure.get().getMessage());
                return new Outcome(null, "connection failed: " + why, Duration.ofNanos(System.nanoTime() - started));
            }
            // The server answered; whatever the writer still had to say no longer matters.
            socket.close();
            writer.join(timeout.toMillis());
            return new Outcome(response, null, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new Outcome(null, "cannot connect: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends the request up to where the cut is, on as many connections as asked, keeps them open
     * while {@code meanwhile} runs (and at least for the hold), then closes them. Answers what each
     * connection received, if anything.
     */
    List<Outcome> abandon(Request request, Runnable meanwhile) {
        Delivery.Cut cut = (Delivery.Cut) request.delivery();
        List<Socket> sockets = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            byte[] head = head(request);
            byte[] sent;
            try (InputStream body = request.body().stream()) {
                sent = cut.afterHeaderBytes() != null
                        ? Arrays.copyOf(head, Math.min(cut.afterHeaderBytes(), head.length))
                        : concat(head, body.readNBytes(cut.afterBodyBytes()));
            }
            for (int i = 0; i < cut.connections(); i++) {
                Socket socket = new Socket(host, port);
                sockets.add(socket);
                socket.getOutputStream().write(sent);
                socket.getOutputStream().flush();
            }
            long until = System.nanoTime() + cut.hold().toNanos();
            meanwhile.run();
            long left = until - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
            for (Socket socket : sockets) {
                socket.shutdownOutput();
                socket.setSoTimeout(2000);
                long started = System.nanoTime();
                try {
                    Response response = read(new BufferedInputStream(socket.getInputStream()));
                    outcomes.add(new Outcome(response, null, Duration.ofNanos(System.nanoTime() - started)));
                } catch (IOException nothing) {
                    outcomes.add(new Outcome(null, "no response: " + nothing.getMessage(), Duration.ofNanos(System.nanoTime() - started)));
                }
            }
            return outcomes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot hold connections: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
            }
        }
    }

    private byte[] head(Request request) {
        Map<String, String> lower = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        head.append("Connection: close\r\n");
        boolean framed = lower.containsKey("content-length") || lower.containsKey("transfer-encoding");
        if (!framed && request.delivery() instanceof Delivery.Chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (!framed && (request.body().length() > 0 || !request.method().equals("GET") && !request.method().equals("HEAD"))) {
            head.append("Content-Length: ").append(request.body().length()).append("\r\n");
        }
        request.headers().forEach((name, value) -> {
            if (value != null) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void write(OutputStream out, Request request) throws IOException {
        byte[] head = head(request);
        try (InputStream body = request.body().stream()) {
            switch (request.delivery()) {
                case Delivery.Whole ignored -> {
                    out.write(head);
                    body.transferTo(out);
                }
                case Delivery.Chunked chunked -> {
                    out.write(head);
                    byte[] chunk = new byte[chunked.chunkBytes()];
                    int n;
                    while ((n = body.readNBytes(chunk, 0, chunk.length)) > 0) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                case Delivery.Trickle trickle -> {
                    byte[] all = concat(head, body.readAllBytes());
                    for (int i = 0; i < all.length; i += trickle.bytesPerWrite()) {
                        out.write(all, i, Math.min(trickle.bytesPerWrite(), all.length - i));
                        out.flush();
                        pause(trickle.pause());
                    }
                }
                case Delivery.Cut ignored -> throw new IllegalStateException("a cut request is sent by abandon()");
            }
        }
        out.flush();
    }

    private static void pause(Duration pause) throws IOException {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes((int) Math.min(Long.parseLong(headers.get("content-length")), MAX_RESPONSE_BYTES));
        } else {
            body = in.readNBytes(MAX_RESPONSE_BYTES);
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String size;
        while ((size = line(in)) != null) {
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while ((size = line(in)) != null && !size.isEmpty()) {
                    // trailers: none expected, skipped
                }
                break;
            }
            if (body.size() < MAX_RESPONSE_BYTES) {
                body.write(in.readNBytes(n));
            } else {
                in.skipNBytes(n);
            }
            line(in);
        }
        return body.toByteArray();
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
