package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.system.SseReader.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Multi-model exchanges ({@code POST /api/chat/multi-model}) on the two pools, each a worker in front
 * of its own simulator. Each participant's pace and reply come from a directive in its own system
 * prompt, which the simulator applies to every request of that participant.
 */
class MultiModelIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLLAMA_MODEL = "ollama/qwen2.5-coder:7b";
    private static final String MLX_MODEL = "mlx/llama3.2:3b";

    @BeforeAll
    static void pools() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().extract()
                        .<List<Object>>path("servers.findAll { it.healthy }").size() == 2);
    }

    private static ObjectNode participant(String model, String name, String system) {
        return JSON.createObjectNode().put("model", model).put("name", name).put("system", system);
    }

    private static ObjectNode exchange(String message, String mode, int rounds, ObjectNode... participants) {
        ObjectNode body = JSON.createObjectNode().put("message", message).put("mode", mode).put("rounds", rounds);
        ArrayNode list = body.putArray("participants");
        for (ObjectNode participant : participants) {
            list.add(participant);
        }
        return body;
    }

    private static HttpResponse<InputStream> post(String path, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static SseReader start(JsonNode body) throws Exception {
        HttpResponse<InputStream> response = post("/api/chat/multi-model", body);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("switchboard-message-id")).hasValueSatisfying(id -> assertThat(id).startsWith("xchg_"));
        return new SseReader(response.body());
    }

    /** Each turn's text, by turn number, as the events told it. */
    private static Map<Integer, String> texts(List<Event> events) {
        Map<Integer, StringBuilder> texts = new LinkedHashMap<>();
        events.stream().filter(event -> event.text() != null)
                .forEach(event -> texts.computeIfAbsent(event.turn(), ignored -> new StringBuilder()).append(event.text()));
        Map<Integer, String> out = new LinkedHashMap<>();
        texts.forEach((turn, text) -> out.put(turn, text.toString().strip()));
        return out;
    }

    private static List<Event> named(List<Event> events, String name) {
        return events.stream().filter(event -> event.name().equals(name)).toList();
    }

    /** The requests the simulators received whose system prompt carries the marker, each as "role: text" lines. */
    private static List<List<String>> backendRequests(String simulator, String marker) {
        List<List<String>> found = new ArrayList<>();
        for (JsonNode request : Suite.get(simulator + "/simulator/requests?limit=50")) {
            JsonNode messages = request.path("body").path("messages");
            if (messages.isEmpty() || !messages.get(0).path("content").asText().contains(marker)) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode message : messages) {
                lines.add(message.path("role").asText() + ": " + message.path("content").asText());
            }
            found.add(lines);
        }
        return found;
    }

    @Test
    void twoModelsOnTwoPoolsConverseForThreeRoundsEachWithItsOwnSystemPrompt() throws Exception {
        String marker = "converse-" + UUID.randomUUID();
        String alphaSystem = "You are Alpha, " + marker + ". [[sim reply=\"Tea is best.\" ttft_ms=5 tps=200]]";
        String betaSystem = "You are Beta, " + marker + ". [[sim reply=\"Coffee wins.\" ttft_ms=5 tps=200]]";
        String opening = "Tea or coffee? " + marker;

        List<Event> events = start(exchange(opening, "conversation", 3,
                participant(OLLAMA_MODEL, "Alpha", alphaSystem), participant(MLX_MODEL, "Beta", betaSystem))).readToEnd();

        assertThat(events.getFirst().name()).isEqualTo("exchange_start");
        assertThat(events.getFirst().data().path("participants").findValuesAsText("name")).containsExactly("Alpha", "Beta");
        assertThat(events.getLast().name()).isEqualTo("exchange_end");
        assertThat(events.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
        List<Event> starts = named(events, "turn_start");
        assertThat(starts).extracting(event -> event.data().path("name").asText())
                .containsExactly("Alpha", "Beta", "Alpha", "Beta", "Alpha", "Beta");
        assertThat(starts).extracting(event -> event.data().path("turn").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(named(events, "message_stop")).extracting(Event::turn).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(named(events, "turn_end")).allSatisfy(end -> {
            assertThat(end.data().path("stop_reason").asText()).isEqualTo("end_turn");
            assertThat(end.data().path("usage").path("output_tokens").asInt()).isPositive();
        });
        assertThat(events).extracting(Event::id).doesNotContainNull().doesNotHaveDuplicates();
        Map<Integer, String> texts = texts(events);
        assertThat(texts.values()).containsExactly("Tea is best.", "Coffee wins.", "Tea is best.", "Coffee wins.",
                "Tea is best.", "Coffee wins.");

        String a = "Tea is best.";
        String b = "Coffee wins.";
        assertThat(backendRequests(Suite.SIMULATOR_OLLAMA, marker)).containsExactly(
                List.of("system: " + alphaSystem, "user: " + opening),
                List.of("system: " + alphaSystem, "user: " + opening, "assistant: " + a, "user: Beta: " + b),
                List.of("system: " + alphaSystem, "user: " + opening, "assistant: " + a, "user: Beta: " + b,
                        "assistant: " + a, "user: Beta: " + b));
        assertThat(backendRequests(Suite.SIMULATOR_MLX, marker)).containsExactly(
                List.of("system: " + betaSystem, "user: " + opening + "\n\nAlpha: " + a),
                List.of("system: " + betaSystem, "user: " + opening + "\n\nAlpha: " + a, "assistant: " + b, "user: Alpha: " + a),
                List.of("system: " + betaSystem, "user: " + opening + "\n\nAlpha: " + a, "assistant: " + b, "user: Alpha: " + a,
                        "assistant: " + b, "user: Alpha: " + a));

        for (Event start : starts) {
            String jobId = start.data().path("job_id").asText();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().statusCode(200)
                            .body("status", is("ok")).body("model", containsString(start.data().path("model").asText()
                                    .substring(start.data().path("model").asText().indexOf('/') + 1))));
        }
    }

    @Test
    void aStopInRoundTwoEndsTheRunningTurnAndStartsNoOtherAndTheExchangeContinuesFromWhatWasSaid() throws Exception {
        String marker = "stop-" + UUID.randomUUID();
        // Round one is fast (the opening's directive wins); round two is at each system prompt's slow pace.
        String slow = " [[sim tokens=2000 ttft_ms=5 tps=20]]";
        String opening = "Count with me. [[sim reply=\"" + marker + " ok\" ttft_ms=5 tps=200]]";
        SseReader events = start(exchange(opening, "conversation", 3,
                participant(OLLAMA_MODEL, "Alpha", "You are Alpha, " + marker + "." + slow),
                participant(MLX_MODEL, "Beta", "You are Beta, " + marker + "." + slow)));
        assertThat(events.until(event -> event.turn() == 3 && event.text() != null && event.text().contains("w5"))).isTrue();
        String exchangeId = events.events.getFirst().data().path("id").asText();
        long chatsAtStop = Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX);

        given().baseUri(Suite.GATEWAY).post("/api/chat/cancel/" + exchangeId).then().statusCode(200)
                .body("cancelled", is(true)).body("state", is("running"));
        List<Event> all = events.readToEnd();

        assertThat(all.getLast().name()).isEqualTo("exchange_end");
        assertThat(all.getLast().data().path("stop_reason").asText()).isEqualTo("cancelled");
        assertThat(named(all, "turn_start")).hasSize(3);
        assertThat(named(all, "turn_end").getLast().data().path("stop_reason").asText()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> hungUp(Suite.SIMULATOR_OLLAMA, "Beta: " + marker));
        assertThat(Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX)).isEqualTo(chatsAtStop);
        String cutShort = texts(all).get(3);
        assertThat(cutShort).startsWith("w1 w2 w3 w4 w5");

        // What Alpha said before the stop is kept: Beta hears it when the user continues.
        HttpResponse<InputStream> continued = post("/api/chat/multi-model/" + exchangeId + "/messages",
                JSON.createObjectNode().put("message", "Stop counting. [[sim reply=\"Done.\" ttft_ms=5 tps=200]]").put("rounds", 1));
        assertThat(continued.statusCode()).isEqualTo(200);
        List<Event> more = new SseReader(continued.body()).readToEnd();
        assertThat(more.getFirst().name()).isEqualTo("exchange_start");
        assertThat(named(more, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Beta", "Alpha");
        assertThat(more.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
        List<List<String>> beta = backendRequests(Suite.SIMULATOR_MLX, marker);
        assertThat(beta.getLast().getLast()).isEqualTo("user: Alpha: " + cutShort + "\n\nStop counting. [[sim reply=\"Done.\" ttft_ms=5 tps=200]]");

        // session-service files the exchange as one conversation: each turn under its speaker, the cut-short one partial.
        String conversation = all.getFirst().data().path("conversation_id").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().baseUri(Suite.GATEWAY).get("/api/sessions/" + conversation).then().statusCode(200)
                        .body("messages.collect { it.speaker?.name }", is(java.util.Arrays.asList(null, "Alpha", "Beta", "Alpha", null, "Beta", "Alpha")))
                        .body("messages[3].partial", is(true))
                        .body("messages[3].content[0].text", is(cutShort)));
    }

    /** Whether the simulator saw the request whose last user message starts so hang up before its reply was complete. */
    private static boolean hungUp(String simulator, String lastUserMessage) {
        JsonNode stats = Suite.simulatorStats(simulator);
        List<String> ids = new ArrayList<>();
        stats.path("recentRequests").forEach(request -> {
            if (request.path("lastUserMessage").asText().startsWith(lastUserMessage)) {
                ids.add(request.path("requestId").asText());
            }
        });
        assertThat(ids).hasSize(1);
        for (JsonNode disconnect : stats.path("recentDisconnects")) {
            if (ids.contains(disconnect.path("requestId").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void sideBySideThreeModelsGiveThreeCompleteAnswersEachFromItsOwnModel() throws Exception {
        String marker = "side-" + UUID.randomUUID();
        List<String> models = List.of(OLLAMA_MODEL, MLX_MODEL, "mlx/qwen2.5-coder:7b");
        List<Event> events = start(exchange("Introduce yourselves. " + marker, "side-by-side", 1,
                participant(models.get(0), "One", marker + " [[sim tokens=40 ttft_ms=5 tps=100]]"),
                participant(models.get(1), "Two", marker + " [[sim reply=\"I am two.\" ttft_ms=5 tps=100]]"),
                participant(models.get(2), "Three", marker + " [[sim reply=\"I am three, the last.\" ttft_ms=5 tps=100]]"))).readToEnd();

        assertThat(events.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
        Map<Integer, String> models_ = new LinkedHashMap<>();
        named(events, "turn_start").forEach(start -> models_.put(start.turn(), start.data().path("model").asText()));
        assertThat(models_).containsExactly(Map.entry(1, models.get(0)), Map.entry(2, models.get(1)), Map.entry(3, models.get(2)));
        named(events, "message_start").forEach(start ->
                assertThat(start.data().path("message").path("model").asText()).isEqualTo(models_.get(start.turn())));
        assertThat(named(events, "message_stop")).hasSize(3);
        Map<Integer, String> texts = texts(events);
        assertThat(texts.get(1).split(" ")).hasSize(40).startsWith("w1").endsWith("w40");
        assertThat(texts.get(2)).isEqualTo("I am two.");
        assertThat(texts.get(3)).isEqualTo("I am three, the last.");
        assertThat(backendRequests(Suite.SIMULATOR_OLLAMA, marker)).hasSize(1);
        assertThat(backendRequests(Suite.SIMULATOR_MLX, marker)).hasSize(2)
                .allSatisfy(request -> assertThat(request).hasSize(2).last().isEqualTo("user: Introduce yourselves. " + marker));
    }

    @Test
    void aClientThatReattachesWithLastEventIdGetsTheRestOfTheWholeExchangeOnce() throws Exception {
        String marker = "reattach-" + UUID.randomUUID();
        HttpResponse<InputStream> first = post("/api/chat/multi-model", exchange("Count. " + marker, "conversation", 1,
                participant(OLLAMA_MODEL, "Alpha", marker + " [[sim tokens=60 ttft_ms=5 tps=60]]"),
                participant(MLX_MODEL, "Beta", marker + " [[sim tokens=60 ttft_ms=5 tps=60]]")));
        String exchangeId = first.headers().firstValue("switchboard-message-id").orElseThrow();
        SseReader before = new SseReader(first.body());
        assertThat(before.until(event -> event.turn() == 1 && "w20".equals(String.valueOf(event.text()).strip()))).isTrue();
        first.body().close();

        HttpResponse<InputStream> again = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/" + exchangeId + "/stream"))
                .header("Last-Event-ID", before.events.getLast().id()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(again.statusCode()).isEqualTo(200);
        List<Event> all = new ArrayList<>(before.events);
        all.addAll(new SseReader(again.body()).readToEnd());

        assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
        assertThat(all.getLast().name()).isEqualTo("exchange_end");
        String words = String.join(" ", java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "w" + i).toList());
        assertThat(texts(all)).containsExactly(Map.entry(1, words), Map.entry(2, words));
    }

    @Test
    void messagesSentWhileTheExchangeAnswersAreAnsweredInOrderEachAfterTheCurrentTurn() throws Exception {
        String marker = "interject-" + UUID.randomUUID();
        String alphaSystem = "You are Alpha, " + marker + ". [[sim tokens=30 ttft_ms=5 tps=30]]";
        String betaSystem = "You are Beta, " + marker + ". [[sim reply=\"Coffee wins.\" ttft_ms=5 tps=200]]";
        SseReader first = start(exchange("Tea or coffee? " + marker, "conversation", 3,
                participant(OLLAMA_MODEL, "Alpha", alphaSystem), participant(MLX_MODEL, "Beta", betaSystem)));
        assertThat(first.until(event -> event.turn() == 1 && event.text() != null && event.text().contains("w5"))).isTrue();
        String exchangeId = first.events.getFirst().data().path("id").asText();

        HttpResponse<InputStream> milk = post("/api/chat/multi-model/" + exchangeId + "/messages",
                JSON.createObjectNode().put("message", "And milk? " + marker).put("rounds", 1));
        HttpResponse<InputStream> sugar = post("/api/chat/multi-model/" + exchangeId + "/messages",
                JSON.createObjectNode().put("message", "And sugar? " + marker).put("rounds", 1));
        assertThat(milk.statusCode()).isEqualTo(200);
        assertThat(sugar.statusCode()).isEqualTo(200);
        assertThat(milk.headers().firstValue("switchboard-message-id")).hasValue(exchangeId);

        // The opening request ends after Alpha's turn; each message gets the next turn, in the order they were sent.
        List<Event> opening = first.readToEnd();
        assertThat(named(opening, "turn_start")).extracting(Event::turn).containsExactly(1);
        assertThat(opening.getLast().name()).isEqualTo("exchange_end");
        assertThat(opening.getLast().data().path("stop_reason").asText()).isEqualTo("new_message");
        List<Event> afterMilk = new SseReader(milk.body()).readToEnd();
        assertThat(afterMilk.getFirst().name()).isEqualTo("exchange_start");
        assertThat(afterMilk.getFirst().data().path("message").asText()).isEqualTo("And milk? " + marker);
        assertThat(named(afterMilk, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Beta");
        assertThat(afterMilk.getLast().data().path("stop_reason").asText()).isEqualTo("new_message");
        List<Event> afterSugar = new SseReader(sugar.body()).readToEnd();
        assertThat(afterSugar.getFirst().data().path("message").asText()).isEqualTo("And sugar? " + marker);
        assertThat(named(afterSugar, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Alpha", "Beta");
        assertThat(afterSugar.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
        List<Event> all = new ArrayList<>(opening);
        all.addAll(afterMilk);
        all.addAll(afterSugar);
        assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
        assertThat(all).extracting(event -> Double.parseDouble(event.id())).isSorted();

        String alpha = String.join(" ", java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "w" + i).toList());
        assertThat(backendRequests(Suite.SIMULATOR_MLX, marker).getFirst()).containsExactly("system: " + betaSystem,
                "user: Tea or coffee? " + marker + "\n\nAlpha: " + alpha + "\n\nAnd milk? " + marker);
        assertThat(backendRequests(Suite.SIMULATOR_OLLAMA, marker).getLast()).containsExactly("system: " + alphaSystem,
                "user: Tea or coffee? " + marker, "assistant: " + alpha,
                "user: And milk? " + marker + "\n\nBeta: Coffee wins.\n\nAnd sugar? " + marker);

        // Re-attaching without a position replays every request, to the end of the last.
        HttpResponse<InputStream> again = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/" + exchangeId + "/stream"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(new SseReader(again.body()).readToEnd()).extracting(Event::id).containsExactlyElementsOf(
                all.stream().map(Event::id).toList());
    }

    @Test
    void aStopAlsoStopsTheMessagesThatWaitForTheExchange() throws Exception {
        String marker = "stop-waiting-" + UUID.randomUUID();
        SseReader first = start(exchange("Count. " + marker, "conversation", 2,
                participant(OLLAMA_MODEL, "Alpha", marker + " [[sim tokens=2000 ttft_ms=5 tps=20]]"),
                participant(MLX_MODEL, "Beta", marker + " [[sim tokens=5 ttft_ms=5 tps=100]]")));
        assertThat(first.until(event -> event.turn() == 1 && event.text() != null && event.text().contains("w3"))).isTrue();
        String exchangeId = first.events.getFirst().data().path("id").asText();
        HttpResponse<InputStream> waiting = post("/api/chat/multi-model/" + exchangeId + "/messages",
                JSON.createObjectNode().put("message", "Faster! " + marker).put("rounds", 1));
        assertThat(waiting.statusCode()).isEqualTo(200);

        given().baseUri(Suite.GATEWAY).post("/api/chat/cancel/" + exchangeId).then().statusCode(200).body("state", is("running"));

        List<Event> opening = first.readToEnd();
        assertThat(opening.getLast().data().path("stop_reason").asText()).isEqualTo("cancelled");
        List<Event> stopped = new SseReader(waiting.body()).readToEnd();
        assertThat(stopped).extracting(Event::name).containsExactly("exchange_start", "exchange_end");
        assertThat(stopped.getLast().data().path("stop_reason").asText()).isEqualTo("cancelled");
        assertThat(backendRequests(Suite.SIMULATOR_MLX, marker)).isEmpty();
        assertThat(backendRequests(Suite.SIMULATOR_OLLAMA, marker)).hasSize(1);

        // A message after the stop is answered.
        HttpResponse<InputStream> later = post("/api/chat/multi-model/" + exchangeId + "/messages",
                JSON.createObjectNode().put("message", "Again, briefly. [[sim reply=\"Sure.\" ttft_ms=5 tps=200]]").put("rounds", 1));
        List<Event> answered = new SseReader(later.body()).readToEnd();
        assertThat(named(answered, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Beta", "Alpha");
        assertThat(answered.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
    }

    @Test
    void anExchangeWhoseClientLeftAndWhoseGatewayDiesIsContinuedByAnotherWithNobodyAttached() throws Exception {
        String secondGateway = "http://127.0.0.1:4005";
        String marker = "takeover-" + UUID.randomUUID();
        String betaSystem = marker + " [[sim tokens=5 ttft_ms=5 tps=100]]";
        String exchangeId;
        SseReader before;
        HttpResponse<InputStream> waiting;
        try {
            Suite.script("start", "api-gateway-2");
            await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(secondGateway
                    + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            HttpResponse<InputStream> first = HTTP.send(HttpRequest.newBuilder(URI.create(secondGateway + "/api/chat/multi-model"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(exchange("Count. " + marker,
                            "conversation", 2, participant(OLLAMA_MODEL, "Alpha", marker + " [[sim tokens=60 ttft_ms=5 tps=30]]"),
                            participant(MLX_MODEL, "Beta", betaSystem)).toString())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            exchangeId = first.headers().firstValue("switchboard-message-id").orElseThrow();
            before = new SseReader(first.body());
            assertThat(before.until(event -> event.turn() == 1 && "w10".equals(String.valueOf(event.text()).strip()))).isTrue();

            // While it answers, the user's next message reaches the other gateway: it waits for the current turn.
            waiting = post("/api/chat/multi-model/" + exchangeId + "/messages",
                    JSON.createObjectNode().put("message", "Wait. " + marker).put("rounds", 1));
            assertThat(waiting.statusCode()).isEqualTo(200);
            first.body().close();
        } finally {
            Suite.script("kill", "api-gateway-2");
        }

        // Its client left: the other gateway notices the dead one, ends the cut turn and answers the message after it.
        List<Event> answer = new SseReader(waiting.body()).readToEnd();
        assertThat(answer.getFirst().name()).isEqualTo("exchange_start");
        assertThat(answer.getFirst().data().path("message").asText()).isEqualTo("Wait. " + marker);
        assertThat(named(answer, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Beta", "Alpha");
        assertThat(answer.getLast().data().path("stop_reason").asText()).isEqualTo("completed");
        // What Alpha said before its gateway died is what Beta hears.
        List<String> betaHeard = backendRequests(Suite.SIMULATOR_MLX, marker).getFirst();
        assertThat(betaHeard.getFirst()).isEqualTo("system: " + betaSystem);
        assertThat(betaHeard.getLast()).startsWith("user: Count. " + marker + "\n\nAlpha: w1 w2 w3 w4 w5 w6 w7 w8 w9 w10")
                .endsWith("\n\nWait. " + marker);
        String conversation = before.events.getFirst().data().path("conversation_id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().baseUri(Suite.GATEWAY).get("/api/sessions/" + conversation).then().statusCode(200)
                        .body("messages.collect { it.speaker?.name }", is(java.util.Arrays.asList(null, "Alpha", null, "Beta", "Alpha"))));

        // Re-attaching afterwards replays the whole exchange, every event once, through the last exchange_end.
        HttpResponse<InputStream> again = HTTP.send(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/api/chat/" + exchangeId + "/stream"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(again.statusCode()).isEqualTo(200);
        List<Event> all = new SseReader(again.body()).readToEnd();

        assertThat(all).extracting(Event::id).doesNotContainNull().doesNotHaveDuplicates()
                .startsWith(before.events.stream().map(Event::id).toArray(String[]::new))
                .endsWith(answer.stream().map(Event::id).toArray(String[]::new));
        assertThat(named(all, "exchange_start")).hasSize(2);
        assertThat(named(all, "exchange_end")).extracting(event -> event.data().path("stop_reason").asText())
                .containsExactly("new_message", "completed");
        assertThat(named(all, "turn_start")).extracting(event -> event.data().path("turn").asInt()).containsExactly(1, 2, 3);
        assertThat(named(all, "turn_end")).extracting(event -> event.data().path("stop_reason").asText())
                .containsExactly("interrupted", "end_turn", "end_turn");
        String words = String.join(" ", java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(i -> "w" + i).toList());
        assertThat(texts(all)).contains(Map.entry(2, "w1 w2 w3 w4 w5"), Map.entry(3, words));
        for (Event start : named(all, "turn_start").subList(1, 3)) {
            String jobId = start.data().path("job_id").asText();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + jobId).then().statusCode(200).body("status", is("ok")));
        }
    }

    @Test
    void aTurnThatFailsEndsTheExchangeWithAnExchangeEndCarryingTheError() throws Exception {
        String marker = "fails-" + UUID.randomUUID();
        List<Event> events = start(exchange("Go. " + marker, "conversation", 2,
                participant(OLLAMA_MODEL, "Alpha", marker + " [[sim reply=\"Fine.\" ttft_ms=5 tps=200]]"),
                participant(MLX_MODEL, "Beta", marker + " [[sim tokens=20 ttft_ms=5 tps=200 fail=error_after:3]]"))).readToEnd();

        assertThat(named(events, "turn_start")).extracting(event -> event.data().path("name").asText()).containsExactly("Alpha", "Beta");
        assertThat(named(events, "turn_end")).extracting(event -> event.data().path("stop_reason").asText())
                .containsExactly("end_turn", "error");
        Event end = events.getLast();
        assertThat(end.name()).isEqualTo("exchange_end");
        assertThat(end.data().path("stop_reason").asText()).isEqualTo("error");
        assertThat(end.data().path("turns").asInt()).isEqualTo(2);
        assertThat(end.data().path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(end.data().path("error").path("message").asText()).startsWith("Beta (" + MLX_MODEL + "): ");
        assertThat(backendRequests(Suite.SIMULATOR_OLLAMA, marker)).hasSize(1);
    }

    @Test
    void badInputIsRefusedWithWhatToFixAndReachesNoBackend() {
        long before = Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX);
        String alpha = "{\"model\":\"" + OLLAMA_MODEL + "\",\"name\":\"Alpha\"}";

        refused("{\"participants\":[" + alpha + ",{\"model\":\"mistral:7b\",\"name\":\"Mistral\"}],\"message\":\"Hi\"}",
                "participants.1.model: Mistral's model 'mistral:7b' cannot be served");
        refused("{\"participants\":[],\"message\":\"Hi\"}", "participants: must hold at least one participant");
        refused("{\"participants\":[" + alpha + "],\"message\":\"Hi\",\"rounds\":11}",
                "rounds: must be between 1 and 10 (SWITCHBOARD_MULTI_MODEL_MAX_ROUNDS), got 11");
        refused("{\"participants\":[" + alpha + "," + alpha + "],\"message\":\"Hi\"}", "participants.1.name: 'Alpha' is taken");
        refused("{\"participants\":[" + alpha + "]}", "message: field required");
        given().baseUri(Suite.GATEWAY).contentType("application/json").body("{\"message\":\"Hi\",\"rounds\":1}")
                .post("/api/chat/multi-model/xchg_unknown0000/messages").then().statusCode(404).body("error.type", is("not_found_error"));
        given().baseUri(Suite.GATEWAY).get("/api/chat/xchg_unknown0000/stream").then().statusCode(404);

        assertThat(Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX)).isEqualTo(before);
    }

    @Test
    void aParticipantWhoseModelHasNoLiveWorkerIsRefusedByNameBeforeAnythingStarts() throws Exception {
        // A worker that served a model and stopped reporting: the gateway knows the model, and nothing serves it.
        String id = UUID.randomUUID().toString().substring(0, 8);
        String model = "phi3:gone-" + id;
        String key = RedisKeys.workerStatus("gone-" + id);
        Suite.redis("SET", key, Codec.WORKER_STATUS.encodeToString(new WorkerStatus(SchemaVersion.CURRENT, "gone-" + id, "ollama",
                "ollama", "http://127.0.0.1:9", true, List.of(new ModelInfo(model, 4096, Set.of())), 0, 1, Instant.now())), "EX", "60");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/v1/models?limit=1000").then().extract().<List<String>>path("data.id").contains(model));
        Suite.redis("DEL", key);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                !given().baseUri(Suite.GATEWAY).get("/v1/models?limit=1000").then().extract().<List<String>>path("data.id").contains(model));
        long before = Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX);

        refused("{\"participants\":[{\"model\":\"" + OLLAMA_MODEL + "\",\"name\":\"Alpha\"},{\"model\":\"" + model
                + "\",\"name\":\"Gamma\"}],\"message\":\"Hi\"}", "participants.1.model: Gamma's model '" + model
                + "' cannot be served: model '" + model + "' has no live worker now");

        assertThat(Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX)).isEqualTo(before);
    }

    private static void refused(String body, String message) {
        given().baseUri(Suite.GATEWAY).contentType("application/json").body(body).post("/api/chat/multi-model").then()
                .statusCode(400).body("type", is("error")).body("error.type", is("invalid_request_error"))
                .body("error.message", containsString(message));
    }
}
