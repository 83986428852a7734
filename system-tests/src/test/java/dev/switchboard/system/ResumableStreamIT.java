package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.system.SseReader.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resumable generations ({@code switchboard-resumable: true}): a client that hangs up and comes
 * back, through the same gateway or another one (the first killed), gets the rest of the answer:
 * every event once, in order, with SSE ids it can resume from. Real workers, Kafka and Redis; the
 * simulator's words w1, w2, … show any loss or repeat.
 */
class ResumableStreamIT {

    private static final String GATEWAY_2 = "http://127.0.0.1:4005";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<InputStream> startResumable(String gateway, String marker, String sim) throws Exception {
        String body = "{\"model\":\"mlx/qwen2.5-coder:7b\",\"max_tokens\":4096,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + marker + " [[sim " + sim + "]]\"}]}";
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/messages"))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("switchboard-resumable", "true")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static HttpResponse<InputStream> reattach(String gateway, String jobId, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/api/chat/" + jobId + "/stream"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String jobId(HttpResponse<?> response) {
        return response.headers().firstValue("switchboard-message-id").orElseThrow();
    }

    /** The answer's text from both readers, checked to be w1 … wN exactly once and in order. */
    private static void assertWholeAnswer(int words, List<Event> events) {
        StringBuilder text = new StringBuilder();
        events.stream().map(Event::text).filter(piece -> piece != null).forEach(text::append);
        List<String> read = List.of(text.toString().strip().split(" "));
        assertThat(read).hasSize(words);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).isEqualTo("w" + (i + 1));
        }
        List<String> ids = events.stream().map(Event::id).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(events.getFirst().name()).isEqualTo("message_start");
        assertThat(events.getLast().name()).isEqualTo("message_stop");
    }

    /** The simulator's record of the request carrying the marker. */
    private static Optional<JsonNode> backendRequest(String marker) {
        List<JsonNode> requests = new ArrayList<>();
        Suite.simulatorStats(Suite.SIMULATOR_MLX).path("recentRequests").forEach(requests::add);
        Suite.simulatorStats(Suite.SIMULATOR_OLLAMA).path("recentRequests").forEach(requests::add);
        return requests.stream().filter(request -> request.path("lastUserMessage").asText().contains(marker)).findFirst();
    }

    @Test
    void aClientThatReloadsMidAnswerReattachesWithLastEventIdAndGetsTheRestOnce() throws Exception {
        String marker = "reload-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=200 ttft_ms=5 tps=50");
        String jobId = jobId(first);
        SseReader before = new SseReader(first.body());
        assertThat(before.readTexts(20)).isTrue();
        first.body().close();

        HttpResponse<InputStream> second = reattach(Suite.GATEWAY, jobId, before.lastId());
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        SseReader after = new SseReader(second.body());
        after.readToEnd();

        List<Event> all = new ArrayList<>(before.events);
        all.addAll(after.events);
        assertWholeAnswer(200, all);
        // The generation ran on while nobody listened: the backend saw no disconnect.
        JsonNode request = await().atMost(Duration.ofSeconds(10)).until(() -> backendRequest(marker),
                found -> found.isPresent() && !"in_flight".equals(found.get().path("outcome").asText())).orElseThrow();
        assertThat(request.path("outcome").asText()).isEqualTo("completed");
    }

    @Test
    void aClientWhoseGatewayIsKilledMidAnswerGetsTheRestThroughAnotherGateway() throws Exception {
        String marker = "gateway-crash-" + UUID.randomUUID();
        String jobId;
        SseReader before;
        try {
            startSecondGateway();
            HttpResponse<InputStream> first = startResumable(GATEWAY_2, marker, "tokens=300 ttft_ms=5 tps=50");
            jobId = jobId(first);
            before = new SseReader(first.body());
            assertThat(before.readTexts(20)).isTrue();
        } finally {
            Suite.script("kill", "api-gateway-2");
        }
        HttpResponse<InputStream> second = reattach(Suite.GATEWAY, jobId, before.lastId());
        assertThat(second.statusCode()).isEqualTo(200);
        SseReader after = new SseReader(second.body());
        after.readToEnd();

        List<Event> all = new ArrayList<>(before.events);
        all.addAll(after.events);
        assertWholeAnswer(300, all);
        JsonPath usage = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().extract().jsonPath(),
                json -> json.getString("status") != null);
        assertThat(usage.getString("status")).isEqualTo("ok");
        assertThat(usage.getInt("output_tokens")).isEqualTo(300);
    }

    @Test
    void aFinishedGenerationReplaysWholeAndTheSameAsItWasSent() throws Exception {
        String marker = "replay-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=30 ttft_ms=5 tps=500");
        SseReader original = new SseReader(first.body());
        original.readToEnd();
        assertWholeAnswer(30, original.events);

        HttpResponse<InputStream> again = reattach(Suite.GATEWAY, jobId(first), null);
        assertThat(again.statusCode()).isEqualTo(200);
        SseReader replayed = new SseReader(again.body());
        replayed.readToEnd();
        assertThat(replayed.events).isEqualTo(original.events);

        // Resuming after the last event gets nothing more, and ends.
        HttpResponse<InputStream> past = reattach(Suite.GATEWAY, jobId(first), original.lastId());
        SseReader nothing = new SseReader(past.body());
        nothing.readToEnd();
        assertThat(nothing.events).isEmpty();
    }

    @Test
    void unknownAndMalformedIdsAreRefusedInAnthropicsErrorShape() throws Exception {
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/msg_nosuchgeneration/stream")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").path("type").asText()).isEqualTo("not_found_error");

        HttpResponse<String> malformed = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/nope/stream")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");

        // A generation that was not resumable keeps no events: nothing to re-attach to.
        String body = "{\"model\":\"mlx/qwen2.5-coder:7b\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"plain [[sim tokens=3 ttft_ms=5 tps=500]]\"}]}";
        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).contains("event: message_stop").doesNotContain("id: ");
        HttpResponse<String> notKept = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/" + jobId(plain) + "/stream")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notKept.statusCode()).isEqualTo(404);
    }

    @Test
    void resumingAfterAnEventNotSentYetWaitsForTheLiveOnes() throws Exception {
        String marker = "ahead-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=100 ttft_ms=5 tps=50");
        SseReader live = new SseReader(first.body());
        assertThat(live.readTexts(5)).isTrue();
        long now = Long.parseLong(live.lastId().split("\\.")[0]);
        String ahead = (now + 20) + ".0";

        HttpResponse<InputStream> second = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/" + jobId(first)
                + "/stream?after=" + ahead)).build(), HttpResponse.BodyHandlers.ofInputStream());
        SseReader later = new SseReader(second.body());
        later.readToEnd();
        live.readToEnd();
        assertThat(later.events).isNotEmpty();
        assertThat(compare(later.events.getFirst().id(), ahead)).isPositive();
        // Exactly the live stream's events after that id.
        List<Event> expected = live.events.stream().filter(event -> compare(event.id(), ahead) > 0).toList();
        assertThat(later.events).isEqualTo(expected);
    }

    @Test
    void fiftyClientsAttachedToOneGenerationAllGetTheSameAnswer() throws Exception {
        String marker = "fifty-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=150 ttft_ms=5 tps=50");
        String jobId = jobId(first);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<List<Event>>> clients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                clients.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        SseReader reader = new SseReader(reattach(Suite.GATEWAY, jobId, null).body());
                        reader.readToEnd();
                        return reader.events;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            SseReader original = new SseReader(first.body());
            original.readToEnd();
            for (CompletableFuture<List<Event>> client : clients) {
                List<Event> events = client.get(60, TimeUnit.SECONDS);
                assertWholeAnswer(150, events);
                assertThat(events).isEqualTo(original.events);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aResumableGenerationNobodyReattachesToIsCancelledAfterTheGrace() throws Exception {
        String marker = "unattended-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=3000 ttft_ms=5 tps=50");
        assertThat(new SseReader(first.body()).readTexts(3)).isTrue();
        Instant hungUp = Instant.now();
        first.body().close();

        // The suite's grace is 6 s (SWITCHBOARD_REPLAY_UNATTENDED_GRACE); the attachment lease lasts 3 s more.
        JsonNode request = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> backendRequest(marker), found -> found.isPresent() && "disconnected".equals(found.get().path("outcome").asText()))
                .orElseThrow();
        long afterMs = Duration.between(hungUp, Instant.now()).toMillis();
        System.out.printf("unattended resumable generation: the backend was disconnected %d ms after the client hung up%n", afterMs);
        assertThat(afterMs).isGreaterThanOrEqualTo(6_000);
        assertThat(request.path("outcome").asText()).isEqualTo("disconnected");
    }

    @Test
    void aResumableGenerationWhoseClientLeftIsRecordedInterruptedWhenItsWorkerDies() throws Exception {
        String marker = "orphan-" + UUID.randomUUID();
        HttpResponse<InputStream> first = startResumable(Suite.GATEWAY, marker, "tokens=3000 ttft_ms=5 tps=50");
        String jobId = jobId(first);
        assertThat(new SseReader(first.body()).readTexts(5)).isTrue();
        first.body().close();
        killTheWorkerThenAssertTheGenerationEndedInterrupted(jobId, marker);
    }

    @Test
    void aGenerationWhoseGatewayDiesIsWatchedOverByAnotherThatRecordsItsWorkerDying() throws Exception {
        String marker = "custody-" + UUID.randomUUID();
        String jobId;
        long killedAt;
        try {
            startSecondGateway();
            HttpResponse<InputStream> first = startResumable(GATEWAY_2, marker, "tokens=3000 ttft_ms=5 tps=50");
            jobId = jobId(first);
            assertThat(new SseReader(first.body()).readTexts(5)).isTrue();
        } finally {
            Suite.script("kill", "api-gateway-2");
            killedAt = System.nanoTime();
        }
        String taken = jobId + ": its gateway ";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> log("api-gateway").contains(taken));
        System.out.printf("gateway killed: another gateway watched over its generation %d ms later (log polled every 50 ms)%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        killTheWorkerThenAssertTheGenerationEndedInterrupted(jobId, marker);
    }

    /**
     * Kills the mlx worker mid-answer: the generation is recorded interrupted, a client re-attaching
     * gets what was said then the error, and the worker started again does not run it a second time.
     */
    private static void killTheWorkerThenAssertTheGenerationEndedInterrupted(String jobId, String marker) throws Exception {
        try {
            Suite.script("kill", "worker-mlx");
        } finally {
            Suite.script("start", "worker-mlx");
        }
        JsonPath usage = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().extract().jsonPath(),
                json -> json.getString("status") != null);
        assertThat(usage.getString("status")).isEqualTo("interrupted");
        assertThat(usage.getInt("output_tokens")).isGreaterThanOrEqualTo(5);

        HttpResponse<InputStream> replay = reattach(Suite.GATEWAY, jobId, null);
        assertThat(replay.statusCode()).isEqualTo(200);
        SseReader reader = new SseReader(replay.body());
        reader.readToEnd();
        assertThat(reader.events.getFirst().name()).isEqualTo("message_start");
        assertThat(reader.events.getLast().name()).isEqualTo("error");
        // Kafka hands the job, never committed, to the worker started again, which must not answer it twice.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> log("worker-mlx").contains("job " + jobId + " skipped"));
        assertThat(backendRequests(marker)).isEqualTo(1);
    }

    private static long backendRequests(String marker) {
        List<JsonNode> requests = new ArrayList<>();
        Suite.simulatorStats(Suite.SIMULATOR_MLX).path("recentRequests").forEach(requests::add);
        return requests.stream().filter(request -> request.path("lastUserMessage").asText().contains(marker)).count();
    }

    private static void startSecondGateway() {
        Suite.script("start", "api-gateway-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(GATEWAY_2 + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** The log of one of the suite's services (a service started again begins a new one). */
    private static String log(String service) throws IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("switchboard.suite.logs"), service + ".log"));
    }

    /** Orders ids N.k. */
    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int bySeq = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return bySeq != 0 ? bySeq : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
