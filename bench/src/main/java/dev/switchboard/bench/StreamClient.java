package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs streams of one protocol against one server and records when each token arrives.
 *
 * <p>Every chunk is timestamped with {@link System#nanoTime()} in the event-loop callback that receives
 * it, before it is split into lines or parsed, so parsing does not shift the times; tokens that arrive in
 * one chunk share its time.
 */
public final class StreamClient implements AutoCloseable {

    private final HttpClient client;
    private final StreamProtocol protocol;
    private final String model;
    private final long idleTimeoutMillis;

    public StreamClient(Vertx vertx, URI base, StreamProtocol protocol, String model, int maxConnections, long idleTimeoutMillis) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        this.protocol = protocol;
        this.model = model;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    public String label() {
        return protocol.label();
    }

    /** One request; the future always succeeds, with the failure in the result. */
    public Future<StreamResult> run(String prompt, int expectedTokens) {
        Buffer body = Buffer.buffer(protocol.body(model, prompt, expectedTokens));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(protocol.path())
                .putHeader("content-type", "application/json")
                .setIdleTimeout(idleTimeoutMillis);
        protocol.headers().forEach(options::putHeader);
        Promise<StreamResult> done = Promise.promise();
        Recorder recorder = new Recorder(expectedTokens, System.nanoTime());
        client.request(options)
                .compose(request -> request.send(body))
                .onComplete(sent -> {
                    if (sent.failed()) {
                        done.tryComplete(recorder.fail("transport: " + sent.cause()));
                    } else {
                        read(sent.result(), recorder, done);
                    }
                });
        return done.future();
    }

    private void read(HttpClientResponse response, Recorder recorder, Promise<StreamResult> done) {
        if (response.statusCode() != 200) {
            response.body().onComplete(body -> done.tryComplete(recorder.fail("http " + response.statusCode() + ": "
                    + (body.succeeded() ? abbreviate(body.result().toString(StandardCharsets.UTF_8)) : body.cause()))));
            return;
        }
        RecordParser lines = RecordParser.newDelimited("\n", line -> recorder.line(line.toString(StandardCharsets.UTF_8)));
        response.handler(chunk -> {
            recorder.chunkNanos = System.nanoTime();
            lines.handle(chunk);
        });
        response.exceptionHandler(failure -> done.tryComplete(recorder.fail("transport: " + failure)));
        response.endHandler(end -> done.tryComplete(recorder.finish()));
    }

    @Override
    public void close() {
        client.close();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** One stream's state; touched only on the event loop that runs the request. */
    private final class Recorder {
        private final int expectedTokens;
        private final long startNanos;
        private final StringBuilder text = new StringBuilder();
        private int[] textEnds = new int[64];
        private long[] textNanos = new long[64];
        private int pieces;
        private boolean ended;
        private String streamError;
        long chunkNanos;

        Recorder(int expectedTokens, long startNanos) {
            this.expectedTokens = expectedTokens;
            this.startNanos = startNanos;
        }

        void line(String raw) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            StreamProtocol.Line read;
            try {
                read = protocol.read(line);
            } catch (RuntimeException e) {
                streamError = "bad line: " + abbreviate(line);
                return;
            }
            switch (read) {
                case StreamProtocol.Line.Text(String piece) -> addText(piece);
                case StreamProtocol.Line.End end -> ended = true;
                case StreamProtocol.Line.Failure(String message) -> streamError = "stream error: " + message;
                case StreamProtocol.Line.Ignored ignored -> { }
            }
        }

        private void addText(String piece) {
            if (pieces == textEnds.length) {
                textEnds = Arrays.copyOf(textEnds, pieces * 2);
                textNanos = Arrays.copyOf(textNanos, pieces * 2);
            }
            text.append(piece);
            textEnds[pieces] = text.length();
            textNanos[pieces] = chunkNanos;
            pieces++;
        }

        StreamResult fail(String error) {
            return result(error);
        }

        StreamResult finish() {
            if (streamError != null) {
                return result(streamError);
            }
            if (!ended) {
                return result("truncated: the stream ended without its end marker");
            }
            return result(null);
        }

        /** Splits the text into words; a word arrived with the piece that completed it. */
        private StreamResult result(String error) {
            long end = System.nanoTime();
            List<String> words = new ArrayList<>();
            long[] nanos = new long[Math.max(16, pieces)];
            int piece = 0;
            int i = 0;
            int length = text.length();
            while (i < length) {
                while (i < length && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i == length) {
                    break;
                }
                int start = i;
                while (i < length && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                while (textEnds[piece] < i) {
                    piece++;
                }
                if (words.size() == nanos.length) {
                    nanos = Arrays.copyOf(nanos, nanos.length * 2);
                }
                nanos[words.size()] = textNanos[piece];
                words.add(text.substring(start, i));
            }
            String problem = error;
            if (problem == null) {
                String check = TokenCheck.check(words, expectedTokens);
                problem = check == null ? null : "tokens: " + check;
            }
            return new StreamResult(protocol.label(), startNanos, Arrays.copyOf(nanos, words.size()), end, problem);
        }
    }
}
