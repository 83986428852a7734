package dev.switchboard.gateway.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Well-behaved clients, sending valid requests one after another on a thread of their own while
 * the corpus runs: token counts (small ones parsed on the event loop, a 300 KB one off it), the
 * model list, the server list, and the base-URL probe. None needs a worker. Every one must succeed.
 */
final class NormalTraffic implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COUNT = """
            {"model":"any-model","messages":[{"role":"user","content":"How many tokens is this?"}],
             "system":"Be brief.","tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}""";
    private static final String LARGE_COUNT = """
            {"model":"any-model","messages":[{"role":"user","content":"%s"}]}""".formatted("lorem ipsum ".repeat(25_000));
    private static final List<RawHttp.Request> REQUESTS = List.of(
            post("/v1/messages/count_tokens", COUNT),
            get("/v1/models"),
            post("/v1/messages/count_tokens?beta=true", COUNT),
            get("/api/models/servers"),
            new RawHttp.Request("HEAD", "/", Map.of(), RequestBody.NONE, new Delivery.Whole()),
            post("/v1/messages/count_tokens", LARGE_COUNT));

    private final RawHttp http;
    private final Thread thread;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    NormalTraffic(RawHttp http) {
        this.http = http;
        this.thread = Thread.ofPlatform().name("normal-traffic").daemon().start(this::loop);
    }

    private static RawHttp.Request post(String target, String json) {
        return new RawHttp.Request("POST", target, Map.of("Content-Type", "application/json"),
                new RequestBody.Bytes(json.getBytes(StandardCharsets.UTF_8)), new Delivery.Whole());
    }

    private static RawHttp.Request get(String target) {
        return new RawHttp.Request("GET", target, Map.of(), RequestBody.NONE, new Delivery.Whole());
    }

    private void loop() {
        for (int i = 0; !stopped; i++) {
            RawHttp.Request request = REQUESTS.get(i % REQUESTS.size());
            long started = System.nanoTime();
            Optional<String> failure = send(http, request);
            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            if (failure.isPresent()) {
                failures.add(failure.get());
            } else {
                served.incrementAndGet();
            }
            // Pacing, not synchronisation: leave the two shared cores to the corpus now and then.
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one valid count_tokens request: what a case checks while it holds connections open. */
    static Optional<String> sendOne(RawHttp http) {
        return send(http, REQUESTS.getFirst());
    }

    /** Empty when the request was served as it should be, else what went wrong. */
    private static Optional<String> send(RawHttp http, RawHttp.Request request) {
        RawHttp.Outcome outcome = http.exchange(request);
        String what = request.method() + " " + HostileCase.abbreviate(request.target(), 60);
        if (outcome.response() == null) {
            return Optional.of(what + ": " + outcome.failure());
        }
        RawHttp.Response response = outcome.response();
        if (response.status() != 200) {
            return Optional.of(what + ": status " + response.status() + " " + HostileCase.abbreviate(response.text(), 300));
        }
        if (request.target().startsWith("/v1/messages/count_tokens")) {
            try {
                JsonNode body = MAPPER.readTree(response.body());
                if (body.path("input_tokens").asInt() <= 0) {
                    return Optional.of(what + ": no token count in " + response.text());
                }
            } catch (IOException e) {
                return Optional.of(what + ": not JSON: " + HostileCase.abbreviate(response.text(), 300));
            }
        }
        return Optional.empty();
    }

    int served() {
        return served.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(30));
    }
}
