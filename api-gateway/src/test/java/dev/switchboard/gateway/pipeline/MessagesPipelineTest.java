package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.json.Codec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import dev.switchboard.contract.json.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The gateway's pipeline over the real Kafka and Redis, with a fake worker on the other side. */
@QuarkusTest
@TestProfile(MessagesPipelineTest.ShortWaits.class)
class MessagesPipelineTest {

    public static class ShortWaits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.gateway.queue-wait", "3s",
                    "switchboard.gateway.stream-start-after", "500ms",
                    "switchboard.gateway.ping-interval", "200ms");
        }
    }

    @TestHTTPResource("/v1/messages")
    URI messages;

    @Inject
    ReactiveRedisDataSource redis;

    private FakeWorker worker;
    private String model;

    @BeforeEach
    void startWorker() {
        model = "test-model-" + System.nanoTime();
        worker = new FakeWorker(redis, List.of(model));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/v1/models?limit=1000").then().extract().path("data.id").toString().contains(model));
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        worker.close();
    }

    private String body(String prompt, boolean stream) {
        return """
                {"model":"%s","max_tokens":256,"stream":%s,
                 "messages":[{"role":"user","content":"%s"}]}""".formatted(model, stream, prompt);
    }

    @Test
    void aStreamFollowsAnthropicsEventSequence() {
        Sse.Response response = Sse.post(messages, body("text", true), Map.of("x-claude-code-session-id", "session-42"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("content-type").getFirst()).startsWith("text/event-stream");
        assertThat(response.headers().get("request-id").getFirst()).startsWith("req_");
        List<String> names = response.names().stream().filter(name -> !name.equals("ping")).toList();
        assertThat(names).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        JsonNode start = response.events().getFirst().data().get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("model").asText()).isEqualTo(model);
        assertThat(start.get("content")).isEmpty();
        String text = response.events().stream().filter(e -> e.name().equals("content_block_delta"))
                .map(e -> e.data().get("delta").get("text").asText()).reduce("", String::concat);
        assertThat(text).isEqualTo("Hello from the fake worker.");
        JsonNode delta = response.events().stream().filter(e -> e.name().equals("message_delta")).findFirst().orElseThrow().data();
        assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.get("usage").get("output_tokens").asInt()).isEqualTo(7);
        assertThat(delta.get("usage").get("cache_read_input_tokens").asInt()).isEqualTo(10);

        String jobId = start.get("id").asText();
        assertThat(worker.keys.get(jobId)).isEqualTo("session-42");
        assertThat(worker.jobs.get(jobId).conversationId()).isEqualTo("session-42");
        assertThat(worker.jobs.get(jobId).clientKind().wireName()).isEqualTo("claude_code");
    }

    @Test
    void aToolCallStreamsAsToolUseWithItsInputInPieces() {
        Sse.Response response = Sse.post(messages, body("tool", true), Map.of());

        JsonNode blockStart = response.events().stream().filter(e -> e.name().equals("content_block_start"))
                .findFirst().orElseThrow().data().get("content_block");
        assertThat(blockStart.get("type").asText()).isEqualTo("tool_use");
        assertThat(blockStart.get("name").asText()).isEqualTo("Bash");
        assertThat(blockStart.get("input")).isEmpty();
        String json = response.events().stream().filter(e -> e.name().equals("content_block_delta"))
                .map(e -> e.data().get("delta").get("partial_json").asText()).reduce("", String::concat);
        assertThat(Json.mapper().valueToTree(Map.of("command", "echo hi")).equals(readTree(json))).isTrue();
        JsonNode delta = response.events().stream().filter(e -> e.name().equals("message_delta")).findFirst().orElseThrow().data();
        assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void aJobRunAgainByAnotherWorkerAfterTheFirstDiedReadsAsOneAnswer() {
        Sse.Response response = Sse.post(messages, body("handover", true), Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.events()).filteredOn(event -> event.name().equals("message_start")).hasSize(1);
        assertThat(response.events()).filteredOn(event -> event.name().equals("content_block_delta"))
                .extracting(event -> event.data().get("delta").get("text").asText())
                .containsExactly("Hello", " from", " the", " fake", " worker.");
        assertThat(response.events().getLast().name()).isEqualTo("message_stop");
    }

    @Test
    void aClientThatHangsUpCancelsTheJobOnTheWorkerThatRunsItNow() {
        Sse.Response response = Sse.post(messages, body("handoverslow", true), Map.of(),
                event -> event.name().equals("content_block_delta"));
        String jobId = response.events().getFirst().data().get("message").get("id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.cancels.contains(jobId));
    }

    @Test
    void aWorkerThatDiesMidAnswerEndsTheStreamWithAnErrorAndTheAnswerIsRecordedInterrupted() {
        try (KafkaConsumer<String, byte[]> completions = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "gateway-test-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024), new StringDeserializer(), new ByteArrayDeserializer())) {
            completions.subscribe(List.of(Topics.COMPLETIONS));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                completions.poll(Duration.ofMillis(100));
                return !completions.assignment().isEmpty();
            });
            long started = System.nanoTime();

            Sse.Response response = Sse.post(messages, body("die", true), Map.of());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.events()).filteredOn(event -> event.name().equals("content_block_delta"))
                    .extracting(event -> event.data().get("delta").get("text").asText()).containsExactly("Half an ", "answer");
            assertThat(response.events().getLast().name()).isEqualTo("error");
            assertThat(response.events().getLast().data().get("error").get("message").asText()).contains("stopped before finishing");
            // The status TTL is not involved here (the fake deletes its status): two checks a second apart.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            String jobId = response.events().getFirst().data().get("message").get("id").asText();
            Completion recorded = await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : completions.poll(Duration.ofMillis(200))) {
                    Completion completion = Codec.COMPLETION.decode(record.value());
                    if (completion.jobId().equals(jobId)) {
                        return completion;
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
            assertThat(recorded.status()).isEqualTo(CompletionStatus.INTERRUPTED);
            assertThat(recorded.error().type()).isEqualTo(ErrorType.INTERRUPTED);
            assertThat(recorded.output()).containsExactly(new ContentBlock.Text("Half an answer"));
            assertThat(recorded.usage().outputTokens()).isEqualTo(2);
        }
    }

    @Test
    void aWorkerProcessThatDiesMidAnswerIsNoticedFromItsClosedConnectionLongBeforeItsStatusExpires() {
        long started = System.nanoTime();

        Sse.Response response = Sse.post(messages, body("vanish", true), Map.of());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.events()).filteredOn(event -> event.name().equals("content_block_delta"))
                .extracting(event -> event.data().get("delta").get("text").asText()).containsExactly("Half an ", "answer");
        assertThat(response.events().getLast().name()).isEqualTo("error");
        assertThat(response.events().getLast().data().get("error").get("message").asText()).contains("stopped before finishing");
        // Its status lasts 60 s: only the missing subscription can have told.
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        System.out.printf("a worker gone mid-answer (connection closed, status kept): the error came %d ms after the request%n",
                took.toMillis());
    }

    @Test
    void aNonStreamingRequestGetsTheWholeMessage() {
        given().contentType("application/json").body(body("think", false))
                .post("/v1/messages").then()
                .statusCode(200)
                .header("request-id", notNullValue())
                .body("type", is("message"))
                .body("role", is("assistant"))
                .body("content[0].type", is("thinking"))
                .body("content[0].thinking", is("Let me think."))
                .body("content[1].type", is("text"))
                .body("content[1].text", is("Answer."))
                .body("stop_reason", is("end_turn"))
                .body("usage.input_tokens", is(32))
                .body("usage.cache_read_input_tokens", is(10))
                .body("usage.output_tokens", is(7));
    }

    @Test
    void aFailureBeforeAnyByteIsAPlainErrorInAnthropicsShape() {
        given().contentType("application/json").body(body("fail", true))
                .post("/v1/messages").then()
                .statusCode(500)
                .body("type", is("error"))
                .body("error.type", is("api_error"))
                .body("error.message", containsString("the model crashed"))
                .body("request_id", notNullValue());
    }

    @Test
    void aJobThatWaitsGetsPingsAndThenItsAnswer() {
        Sse.Response response = Sse.post(messages, body("late", true), Map.of());

        assertThat(response.names().getFirst()).isEqualTo("message_start");
        assertThat(response.names().subList(0, response.names().indexOf("content_block_start"))).contains("ping");
        assertThat(response.names().getLast()).isEqualTo("message_stop");
    }

    @Test
    void aJobNoWorkerTakesGetsOverloadedAfterTheQueueWait() throws InterruptedException {
        try (FakeWorker idle = new FakeWorker(redis, List.of("idle-model"))) {
            idle.close();
            // The status stays while the worker no longer consumes: the job waits in Kafka for nobody.
            redis.value(String.class).setex(RedisKeys.workerStatus(idle.id), 60,
                    redis.value(String.class).get(RedisKeys.workerStatus(worker.id)).await().atMost(Duration.ofSeconds(5))
                            .replace(worker.pool, idle.pool).replace(worker.id, idle.id).replace(model, "idle-model"))
                    .await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    given().get("/v1/models?limit=1000").then().extract().path("data.id").toString().contains("idle-model"));

            given().contentType("application/json").body(body("text", false).replace(model, "idle-model"))
                    .post("/v1/messages").then()
                    .statusCode(529)
                    .body("error.type", is("overloaded_error"))
                    .body("error.message", containsString("no worker"));
            redis.key(String.class).del(RedisKeys.workerStatus(idle.id)).await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientThatHangsUpCancelsItsJob() {
        Sse.Response response = Sse.post(messages, body("slow", true), Map.of(),
                event -> event.name().equals("content_block_delta"));
        String jobId = response.events().getFirst().data().get("message").get("id").asText();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.cancels.contains(jobId));
        assertThat(redis.key(String.class).exists(RedisKeys.cancelledJob(jobId)).await().atMost(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void theCancelEndpointStopsARunningJobAndEndsItsStream() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<java.io.InputStream> stream = http.send(java.net.http.HttpRequest.newBuilder(messages)
                .header("content-type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("slow", true)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        String jobId = stream.headers().firstValue("switchboard-message-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.jobs.containsKey(jobId));

        given().post("/api/chat/cancel/" + jobId).then().statusCode(200)
                .body("id", is(jobId)).body("cancelled", is(true)).body("state", is("running"));

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.cancels.contains(jobId));
        String events = new String(stream.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(events).contains("event: error");
        assertThat(redis.key(String.class).exists(RedisKeys.cancelledJob(jobId)).await().atMost(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void theCancelEndpointMarksAJobNoWorkerStartedAndRefusesWhatIsNotAMessageId() {
        String queued = dev.switchboard.contract.Ids.message();
        given().post("/api/chat/cancel/" + queued).then().statusCode(200).body("state", is("not_started"));
        assertThat(redis.key(String.class).exists(RedisKeys.cancelledJob(queued)).await().atMost(Duration.ofSeconds(5))).isTrue();

        given().post("/api/chat/cancel/not-a-message").then().statusCode(400)
                .body("type", is("error")).body("error.type", is("invalid_request_error"))
                .body("error.message", containsString("msg_"));
    }

    @Test
    void aRequestOfThirtyThreeMegabytesTravelsThroughKafkaWhole() {
        String conversation = "x".repeat(33 * 1024 * 1024);
        String body = """
                {"model":"%s","max_tokens":256,"stream":false,
                 "messages":[{"role":"user","content":"%s"},{"role":"assistant","content":"ok"},{"role":"user","content":"text"}]}"""
                .formatted(model, conversation);

        String id = given().contentType("application/json").body(body).post("/v1/messages").then()
                .statusCode(200)
                .body("content[0].text", is("Hello from the fake worker."))
                .extract().path("id");
        var received = worker.jobs.get(id).request().messages().getFirst().content().getFirst();
        assertThat(((dev.switchboard.contract.chat.ContentBlock.Text) received).text()).hasSize(conversation.length());
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsTooLarge() throws Exception {
        // The refusal comes from the declared length, before the body is sent.
        try (Socket socket = new Socket(messages.getHost(), messages.getPort())) {
            socket.getOutputStream().write(("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            while (!answer.toString().contains("request_too_large") && (read = socket.getInputStream().read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("request_too_large");
        }
    }

    @Test
    void anUnknownModelIsNotFoundAndTheAnswerNamesWhatExists() {
        given().contentType("application/json").body(body("text", false).replace(model, "no-such-model"))
                .post("/v1/messages").then()
                .statusCode(404)
                .body("error.type", is("not_found_error"))
                .body("error.message", containsString(model));
    }

    @Test
    void badInputGetsA400ThatSaysWhatToFix() {
        given().contentType("application/json").body("{\"model\": ").post("/v1/messages").then()
                .statusCode(400).body("error.type", is("invalid_request_error")).body("error.message", containsString("JSON"));
        given().contentType("application/json").body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/messages?beta=true").then()
                .statusCode(400).body("error.message", containsString("max_tokens"));
        given().contentType("text/plain").body("hello").post("/v1/messages").then()
                .statusCode(400).body("error.message", containsString("Content-Type"));
    }

    @Test
    void countTokensAnswersForTheSameBodyWithoutMaxTokens() {
        given().contentType("application/json")
                .body("{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Count these words, please.\"}]}")
                .post("/v1/messages/count_tokens?beta=true").then()
                .statusCode(200)
                .body("input_tokens", greaterThan(3));
    }

    @Test
    void theModelListHasAnthropicsShape() {
        given().header("anthropic-version", "2023-06-01").get("/v1/models?limit=1000").then()
                .statusCode(200)
                .body("data.type", hasItem("model"))
                .body("data.id", hasItem(model))
                .body("has_more", is(false))
                .body("first_id", notNullValue());
        given().header("anthropic-version", "2023-06-01").get("/v1/models?after_id=" + model + "&limit=1000").then().statusCode(200)
                .body("data.id", not(hasItem(model)));
        given().header("anthropic-version", "2023-06-01").get("/v1/models/" + model).then().statusCode(200).body("id", is(model));
        given().header("anthropic-version", "2023-06-01").get("/v1/models/nothing-like-it").then().statusCode(404).body("error.type", is("not_found_error"));
        given().header("anthropic-version", "2023-06-01").get("/v1/models?limit=0").then().statusCode(400).body("error.type", is("invalid_request_error"));
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
