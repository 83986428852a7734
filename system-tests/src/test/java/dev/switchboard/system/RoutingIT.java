package dev.switchboard.system;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.PermissionDeniedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Two pools, each a worker in front of its own simulator: ollama (capacity 1, Ollama's protocol)
 * and mlx (capacity 3, mlx_lm.server's OpenAI protocol), serving the same models.
 */
class RoutingIT {

    private static final String MODEL = "qwen2.5-coder:7b";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = Suite.anthropic();
        awaitPools(2);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static String simulatorOf(String pool) {
        return pool.equals("mlx") ? Suite.SIMULATOR_MLX : Suite.SIMULATOR_OLLAMA;
    }


    private static void awaitPools(int servers) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().extract()
                        .<List<Object>>path("servers.findAll { it.healthy }").size() == servers);
    }

    /** Runs the call and checks that exactly one chat reached the pool's simulator and none the other's. */
    private static <T> T onPool(String pool, java.util.function.Supplier<T> call) {
        String target = simulatorOf(pool);
        String other = pool.equals("mlx") ? Suite.SIMULATOR_OLLAMA : Suite.SIMULATOR_MLX;
        long targetBefore = Suite.chats(target);
        long otherBefore = Suite.chats(other);
        T result = call.get();
        assertThat(Suite.chats(target) - targetBefore).as("chats on %s", target).isEqualTo(1);
        assertThat(Suite.chats(other) - otherBefore).as("chats on %s", other).isZero();
        return result;
    }

    @ParameterizedTest(name = "pool {0}")
    @ValueSource(strings = {"ollama", "mlx"})
    void eitherPoolGivesTheSameAnswer(String pool) {
        Message message = onPool(pool, () -> client.messages().create(MessageCreateParams.builder()
                .model(pool + "/" + MODEL).maxTokens(256)
                .addUserMessage("Greet me. [[sim reply=\"Hello from the local model!\" ttft_ms=5 tps=500]]").build()));

        assertThat(Suite.text(message)).isEqualTo("Hello from the local model!");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.model().toString()).isEqualTo(pool + "/" + MODEL);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @ParameterizedTest(name = "pool {0}")
    @ValueSource(strings = {"ollama", "mlx"})
    void eitherPoolStreamsTheSameTokens(String pool) {
        Message message = onPool(pool, () -> {
            MessageAccumulator accumulator = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                    .model(pool + "/" + MODEL).maxTokens(256)
                    .addUserMessage("Count. [[sim tokens=30 ttft_ms=5 tps=400]]").build())) {
                stream.stream().forEach(accumulator::accumulate);
            }
            return accumulator.message();
        });

        assertThat(Suite.text(message).strip()).isEqualTo(IntStream.rangeClosed(1, 30).mapToObj(i -> "w" + i).collect(Collectors.joining(" ")));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
    }

    @ParameterizedTest(name = "pool {0}")
    @ValueSource(strings = {"ollama", "mlx"})
    void eitherPoolCallsTheSameTool(String pool) {
        Tool weather = Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string")))).required(List.of("city")).build())
                .build();
        Message call = onPool(pool, () -> client.messages().create(MessageCreateParams.builder()
                .model(pool + "/" + MODEL).maxTokens(256).addTool(weather)
                .addUserMessage("Weather in Oslo? [[sim tool=get_weather args={\"city\":\"Oslo\"}]]").build()));

        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse.id()).startsWith("toolu_");
        assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Oslo"));
    }

    @ParameterizedTest(name = "pool {0}")
    @ValueSource(strings = {"ollama", "mlx"})
    void eitherPoolThinksTheSame(String pool) {
        Message message = onPool(pool, () -> client.messages().create(MessageCreateParams.builder()
                .model(pool + "/qwen3:8b").maxTokens(2048).enabledThinking(1024)
                .addUserMessage("Six times seven? [[sim think=\"Six sevens are forty-two.\" reply=\"42\"]]").build()));

        assertThat(message.content().getFirst().isThinking()).isTrue();
        assertThat(message.content().getFirst().asThinking().thinking()).isEqualTo("Six sevens are forty-two.");
        assertThat(Suite.text(message)).isEqualTo("42");
    }

    /** mlx_lm.server reports cached prompt tokens; Ollama does not (its prompt_eval_count leaves them out). */
    @Test
    void aBackendsCachedPromptTokensAreCacheReads() {
        String system = "You are a careful assistant. ".repeat(60);
        MessageCreateParams params = MessageCreateParams.builder().model("mlx/" + MODEL).maxTokens(64).system(system)
                .addUserMessage("Hello. [[sim reply=\"Hi.\" ttft_ms=5 tps=500]]").build();
        client.messages().create(params);
        Message again = client.messages().create(params);

        assertThat(again.usage().cacheReadInputTokens()).hasValueSatisfying(cached -> assertThat(cached).isPositive());
    }

    @Test
    void theListingsShowBothServersAndTheModelsOfBothPools() {
        given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().statusCode(200)
                .body("servers.url", hasItems(Suite.SIMULATOR_OLLAMA, Suite.SIMULATOR_MLX))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_OLLAMA + "' }.kind", is("ollama"))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_OLLAMA + "' }.pools", is(List.of("ollama")))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_OLLAMA + "' }.capacity", is(1))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_MLX + "' }.kind", is("openai"))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_MLX + "' }.pools", is(List.of("mlx")))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_MLX + "' }.capacity", is(3))
                .body("servers.find { it.url == '" + Suite.SIMULATOR_MLX + "' }.models.name", hasItem(MODEL));
        given().baseUri(Suite.GATEWAY).queryParam("server_url", Suite.SIMULATOR_MLX).get("/api/models/server/models").then()
                .statusCode(200).body("models.name", hasItems(MODEL, "qwen3:8b"))
                .body("models.find { it.name == '" + MODEL + "' }.capabilities", hasItem("tools"));
        // Ollama says what each model can do (/api/show); OpenAI-compatible servers do not.
        given().baseUri(Suite.GATEWAY).queryParam("server_url", Suite.SIMULATOR_OLLAMA).get("/api/models/server/models").then()
                .statusCode(200).body("models.find { it.name == 'qwen3:8b' }.capabilities", hasItems("tools", "thinking"));
        given().baseUri(Suite.GATEWAY).queryParam("server_url", "http://127.0.0.1:1").get("/api/models/server/models").then()
                .statusCode(404).body("error.type", is("not_found_error"));
        given().baseUri(Suite.GATEWAY).get("/v1/models?limit=100").then().statusCode(200)
                .body("data.id", hasItems(MODEL, "qwen3:8b", "llama3.2:3b"));
    }

    @Test
    void aHiddenModelIsNotListedButServedByItsName() {
        given().baseUri(Suite.GATEWAY).get("/v1/models?limit=100").then().statusCode(200).body("data.id", not(hasItem("tinyllama")));
        given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().statusCode(200)
                .body("servers.models.flatten().name", not(hasItem("tinyllama")));

        Message message = client.messages().create(MessageCreateParams.builder().model("tinyllama").maxTokens(64)
                .addUserMessage("Hi. [[sim reply=\"Tiny hello.\" ttft_ms=5 tps=500]]").build());
        assertThat(Suite.text(message)).isEqualTo("Tiny hello.");
    }

    @Test
    void aCloudModelIsRefusedWithTheSettingAndNeverReachesABackend() {
        long before = Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX);

        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("gpt-oss:120b-cloud").maxTokens(64)
                .addUserMessage("Hi.").build()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS=true");
        given().baseUri(Suite.GATEWAY).get("/v1/models?limit=100").then().body("data.id", not(hasItem("gpt-oss:120b-cloud")));
        assertThat(Suite.chats(Suite.SIMULATOR_OLLAMA) + Suite.chats(Suite.SIMULATOR_MLX)).isEqualTo(before);
    }

    @Test
    void anUnknownModelIsNotFoundAndTheAnswerListsTheModels() {
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("mistral:7b").maxTokens(64)
                .addUserMessage("Hi.").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("mistral:7b").hasMessageContaining(MODEL);
    }

    @Test
    void concurrentRequestsSpreadInProportionToFreeCapacity() {
        long ollamaBefore = Suite.chats(Suite.SIMULATOR_OLLAMA);
        long mlxBefore = Suite.chats(Suite.SIMULATOR_MLX);

        List<Integer> statuses = burst(MODEL, 40);

        assertThat(statuses).containsOnly(200).hasSize(40);
        long ollama = Suite.chats(Suite.SIMULATOR_OLLAMA) - ollamaBefore;
        long mlx = Suite.chats(Suite.SIMULATOR_MLX) - mlxBefore;
        System.out.printf("40 concurrent requests: ollama (capacity 1) ran %d, mlx (capacity 3) ran %d%n", ollama, mlx);
        assertThat(ollama + mlx).isEqualTo(40);
        // Capacities 1 and 3: a quarter and three quarters, give or take what finishes during the burst.
        assertThat(ollama).as("ollama's share of 40 (mlx took %d)", mlx).isBetween(5L, 16L);
    }

    @Test
    void aStoppedWorkersPoolGetsNothingUntilItIsBack() {
        try {
            Suite.script("kill", "worker-mlx");
            long killedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                    !given().baseUri(Suite.GATEWAY).get("/api/models/servers").then().extract()
                            .<List<String>>path("servers.url").contains(Suite.SIMULATOR_MLX));
            System.out.printf("mlx worker killed: out of the routing after %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);

            given().baseUri(Suite.GATEWAY).contentType("application/json")
                    .body("{\"model\":\"mlx/" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/messages").then().statusCode(529).body("error.type", is("overloaded_error"))
                    .body("error.message", org.hamcrest.Matchers.containsString("mlx"));
            long mlxBefore = Suite.chats(Suite.SIMULATOR_MLX);
            assertThat(burst(MODEL, 12)).containsOnly(200);
            assertThat(Suite.chats(Suite.SIMULATOR_MLX)).isEqualTo(mlxBefore);
        } finally {
            Suite.script("start", "worker-mlx");
        }
        long startedAt = System.nanoTime();
        awaitPools(2);
        System.out.printf("mlx worker restarted: back in the routing after %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
        long mlxBefore = Suite.chats(Suite.SIMULATOR_MLX);
        assertThat(burst(MODEL, 12)).containsOnly(200);
        assertThat(Suite.chats(Suite.SIMULATOR_MLX) - mlxBefore).isPositive();
    }

    /** Sends the requests all at once and returns their statuses. */
    private static List<Integer> burst(String model, int requests) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Count. [[sim tokens=12 ttft_ms=50 tps=60]]\"}]}";
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, requests)
                .mapToObj(i -> HTTP.sendAsync(HttpRequest.newBuilder(URI.create(Suite.GATEWAY + "/v1/messages"))
                        .timeout(Duration.ofSeconds(120))
                        .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
    }
}
