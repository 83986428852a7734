package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** The OpenAI and Ollama fronts over the real Kafka and Redis, with a fake worker on the other side. */
@QuarkusTest
@TestProfile(MessagesPipelineTest.ShortWaits.class)
class FrontsPipelineTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    @Inject
    ReactiveRedisDataSource redis;

    private FakeWorker worker;
    private String model;

    @BeforeEach
    void startWorker() {
        model = "front-model-" + System.nanoTime();
        worker = new FakeWorker(redis, List.of(model));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                given().get("/v1/models").then().extract().path("data.id").toString().contains(model));
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        worker.close();
    }

    private record Lines(int status, Map<String, List<String>> headers, List<String> lines) {
    }

    private Lines post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return new Lines(response.statusCode(), response.headers().map(), lines);
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private String openAi(String prompt, String extra) {
        return """
                {"model":"%s","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"%s"}]%s}"""
                .formatted(model, prompt, extra);
    }

    @Test
    void anOpenAiStreamIsChunksThenUsageThenDone() throws Exception {
        Lines response = post("v1/chat/completions", openAi("text", ",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"user\":\"conv-u\""),
                Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("content-type").getFirst()).startsWith("text/event-stream");
        assertThat(response.lines()).allMatch(line -> line.startsWith("data: "));
        assertThat(response.lines().getLast()).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : response.lines().subList(0, response.lines().size() - 1)) {
            chunks.add(json(line.substring(6)));
        }
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.getFirst().get("id").asText()).startsWith("chatcmpl-");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("Hello from the fake worker.");
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = chunks.getLast();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(7);
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(42);

        String jobId = response.headers().get("switchboard-message-id").getFirst();
        assertThat(worker.jobs.get(jobId).clientKind().wireName()).isEqualTo("openai");
        assertThat(worker.jobs.get(jobId).conversationId()).isEqualTo("conv-u");
        assertThat(worker.jobs.get(jobId).request().system()).isEqualTo("Be brief.");
    }

    @Test
    void theConversationHeaderWinsOverOpenAisUser() throws Exception {
        Lines response = post("v1/chat/completions", openAi("text", ",\"user\":\"conv-u\""),
                Map.of("switchboard-conversation-id", "conv-h", "x-session-id", "conv-s"));

        String jobId = response.headers().get("switchboard-message-id").getFirst();
        assertThat(worker.jobs.get(jobId).conversationId()).isEqualTo("conv-h");
    }

    @Test
    void anOpenAiToolCallComesWholeWithArgumentsThatParse() throws Exception {
        Lines response = post("v1/chat/completions", openAi("tool", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Bash\"}}]"), Map.of());

        assertThat(response.status()).isEqualTo(200);
        JsonNode completion = json(String.join("", response.lines()));
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = completion.at("/choices/0/message/tool_calls/0");
        assertThat(call.at("/function/name").asText()).isEqualTo("Bash");
        assertThat(json(call.at("/function/arguments").asText()).get("command").asText()).isEqualTo("echo hi");
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(49);
    }

    @Test
    void openAiErrorsComeInOpenAisShape() throws Exception {
        Lines failed = post("v1/chat/completions", openAi("fail", ""), Map.of());
        assertThat(failed.status()).isEqualTo(500);
        assertThat(json(failed.lines().getFirst()).at("/error/type").asText()).isEqualTo("server_error");

        Lines unknown = post("v1/chat/completions", openAi("text", "").replace(model, "no-such-model"), Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown.lines().getFirst()).at("/error/code").asText()).isEqualTo("model_not_found");

        Lines twoChoices = post("v1/chat/completions", openAi("text", ",\"n\":2"), Map.of());
        assertThat(twoChoices.status()).isEqualTo(400);
        assertThat(json(twoChoices.lines().getFirst()).at("/error/param").asText()).isEqualTo("n");

        given().contentType("application/json").body("{}").post("/v1/embeddings").then().statusCode(404)
                .body("error.code", is("unknown_url")).body("error.message", org.hamcrest.Matchers.containsString("/v1/chat/completions"));
    }

    @Test
    void theModelListTakesTheShapeOfTheClientsProtocol() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", is("list")).body("data.id", hasItem(model)).body("data[0].object", is("model"))
                .body("data[0].owned_by", notNullValue());
        given().header("anthropic-version", "2023-06-01").get("/v1/models?limit=1000").then().statusCode(200)
                .body("has_more", is(false)).body("data.id", hasItem(model)).body("data[0].type", is("model"));
        given().get("/v1/models/" + model).then().statusCode(200).body("id", is(model)).body("object", is("model"));
        given().get("/v1/models/nope").then().statusCode(404).body("error.code", is("model_not_found"));
    }

    @Test
    void anOpenAiClientThatHangsUpCancelsTheJob() throws Exception {
        hangUpAfterFirstLine("v1/chat/completions", openAi("slow", ",\"stream\":true"));
    }

    private String ollama(String prompt, String extra) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"%s"}]%s}""".formatted(model, prompt, extra);
    }

    @Test
    void anOllamaChatStreamsNdjsonEndingWithCountsAndDurations() throws Exception {
        Lines response = post("api/chat", ollama("text", ""), Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("content-type").getFirst()).isEqualTo("application/x-ndjson");
        StringBuilder text = new StringBuilder();
        for (String line : response.lines()) {
            text.append(json(line).at("/message/content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("Hello from the fake worker.");
        JsonNode last = json(response.lines().getLast());
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("done_reason").asText()).isEqualTo("stop");
        assertThat(last.get("eval_count").asInt()).isEqualTo(7);
        assertThat(last.get("prompt_eval_count").asInt()).isEqualTo(42);
        assertThat(last.get("total_duration").asLong()).isEqualTo(105_000_000L);
        assertThat(last.get("model").asText()).isEqualTo(model);
        String jobId = response.headers().get("switchboard-message-id").getFirst();
        assertThat(worker.jobs.get(jobId).clientKind().wireName()).isEqualTo("ollama");
    }

    @Test
    void anOllamaChatWithoutStreamingIsOneObjectWithItsToolCalls() throws Exception {
        Lines response = post("api/chat", ollama("tool", ",\"stream\":false,\"keep_alive\":\"10m\",\"format\":\"json\","
                + "\"options\":{\"num_predict\":99,\"seed\":3}"), Map.of());

        assertThat(response.lines()).hasSize(1);
        JsonNode answer = json(response.lines().getFirst());
        assertThat(answer.at("/message/tool_calls/0/function/name").asText()).isEqualTo("Bash");
        assertThat(answer.at("/message/tool_calls/0/function/arguments/command").asText()).isEqualTo("echo hi");
        assertThat(answer.get("done").asBoolean()).isTrue();
        String jobId = response.headers().get("switchboard-message-id").getFirst();
        var request = worker.jobs.get(jobId).request();
        assertThat(request.keepAlive()).isEqualTo("10m");
        assertThat(request.responseFormat()).isInstanceOf(dev.switchboard.contract.chat.ResponseFormat.JsonObject.class);
        assertThat(request.sampling().maxTokens()).isEqualTo(99);
        assertThat(request.sampling().seed()).isEqualTo(3);
    }

    @Test
    void anOllamaGenerateAnswersInResponseAndTakesTheLatestTag() throws Exception {
        Lines response = post("api/generate", """
                {"model":"%s:latest","prompt":"text","stream":false}""".formatted(model), Map.of());

        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = json(response.lines().getFirst());
        assertThat(answer.get("response").asText()).isEqualTo("Hello from the fake worker.");
        assertThat(answer.get("model").asText()).isEqualTo(model + ":latest");
    }

    @Test
    void ollamasModelEndpointsListEveryServedModel() {
        given().get("/api/tags").then().statusCode(200).body("models.name", hasItem(model + ":latest"));
        given().contentType("application/json").body("{\"model\":\"" + model + "\"}").post("/api/show").then().statusCode(200)
                .body("capabilities", hasItem("tools")).body("model_info.'general.context_length'", is(32768));
        given().get("/api/version").then().statusCode(200).body("version", notNullValue());
        given().get("/api/ps").then().statusCode(200).body("models", notNullValue());
    }

    @Test
    void ollamaErrorsComeInOllamasShape() throws Exception {
        Lines unknown = post("api/chat", ollama("text", "").replace(model, "no-such-model"), Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown.lines().getFirst()).get("error").asText()).contains("no-such-model");

        Lines noModel = post("api/chat", "{\"messages\":[]}", Map.of());
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(json(noModel.lines().getFirst())).isEqualTo(json("{\"error\":\"model is required\"}"));

        Lines failed = post("api/chat", ollama("fail", ""), Map.of());
        assertThat(failed.status()).isEqualTo(500);
        assertThat(json(failed.lines().getFirst()).get("error").asText()).contains("the model crashed");

        given().contentType("application/json").body("{}").post("/api/show").then().statusCode(400).body("error", is("model is required"));
        given().contentType("application/json").body("{}").post("/api/embed").then().statusCode(404).body("error", notNullValue());
    }

    @Test
    void anOllamaClientThatHangsUpCancelsTheJob() throws Exception {
        hangUpAfterFirstLine("api/chat", ollama("slow", ""));
    }

    private void hangUpAfterFirstLine(String path, String body) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        String jobId = response.headers().firstValue("switchboard-message-id").orElseThrow();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isNotNull();
        response.body().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.cancels.contains(jobId));
    }
}
