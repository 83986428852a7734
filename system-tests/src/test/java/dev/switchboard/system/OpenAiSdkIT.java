package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official OpenAI Java SDK against the running suite, pointed at the gateway as the README
 * says ({@code baseUrl http://127.0.0.1:4000/v1}); the simulator answers as the directive in each
 * prompt says (see backend-simulator/README.md).
 */
class OpenAiSdkIT {

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(Suite.GATEWAY + "/v1").apiKey("sk-local-test").maxRetries(0).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static String text(ChatCompletion completion) {
        return completion.choices().getFirst().message().content().orElse("");
    }

    /** The last request the Ollama simulator got whose last user message holds the marker. */
    private static JsonNode simulatorRequestWith(String marker) {
        for (JsonNode request : Suite.simulatorRequests(50)) {
            if (request.toString().contains(marker)) {
                return request;
            }
        }
        throw new AssertionError("no simulator request holds " + marker);
    }

    @Test
    void aCompletionIsAnswered() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("qwen2.5-coder:7b").maxCompletionTokens(256)
                .addSystemMessage("Be brief.")
                .addUserMessage("Greet me. [[sim reply=\"Hello from the local model!\" ttft_ms=5 tps=500]]")
                .build());

        assertThat(text(completion)).isEqualTo("Hello from the local model!");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("qwen2.5-coder:7b");
        assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
    }

    @Test
    void aStreamAddsUpToTheAnswerAndEndsWithUsage() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("llama3.2:3b").maxCompletionTokens(256)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .addUserMessage("Count. [[sim tokens=40 ttft_ms=5 tps=400]]")
                .build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion completion = accumulator.chatCompletion();

        String expected = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).collect(java.util.stream.Collectors.joining(" "));
        assertThat(text(completion).strip()).isEqualTo(expected);
        assertThat(chunks.size()).isGreaterThan(20);
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(40);
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void aToolCallRoundTripStreamsByIndexAndReachesTheModelAndBack() {
        FunctionDefinition weather = FunctionDefinition.builder().name("get_weather").description("The weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
        ChatCompletionCreateParams.Builder first = ChatCompletionCreateParams.builder().model("qwen2.5-coder:7b").maxCompletionTokens(256)
                .addFunctionTool(weather)
                .addUserMessage("Weather in Paris? [[sim tool=get_weather args={\"city\":\"Paris\",\"unit\":\"celsius\"} then=\"It is sunny in Paris.\"]]");
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(first.build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion call = accumulator.chatCompletion();

        assertThat(call.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall toolCall = call.choices().getFirst().message().toolCalls().orElseThrow()
                .getFirst().asFunction();
        assertThat(toolCall.function().name()).isEqualTo("get_weather");
        assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(toolCall.id()).isNotBlank();

        ChatCompletion answer = client.chat().completions().create(first
                .addMessage(call.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(toolCall.id()).content("18 degrees and sunny").build())
                .build());

        assertThat(text(answer)).isEqualTo("It is sunny in Paris.");
        assertThat(answer.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(Suite.simulatorRequests(1).toString()).contains("18 degrees and sunny");
    }

    @Test
    void jsonModeAndTheSeedReachBothKindsOfBackend() {
        String ollama = jsonAnswer("ollama/qwen2.5-coder:7b");
        assertThat(ollama).contains("\"format\":\"json\"").contains("\"seed\":7");
        String openAiCompatible = jsonAnswer("mlx/qwen2.5-coder:7b");
        assertThat(openAiCompatible).contains("\"response_format\":{\"type\":\"json_object\"}").contains("\"seed\":7");
    }

    /** Asks the model of one pool for JSON with a seed; the request its backend received. */
    private static String jsonAnswer(String model) {
        String marker = "json-" + UUID.randomUUID();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).maxCompletionTokens(64).seed(7)
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .addUserMessage(marker + " Answer in JSON. [[sim reply=\"{\\\"ok\\\":true}\"]]")
                .build());
        assertThat(text(completion)).isEqualTo("{\"ok\":true}");
        return simulatorRequestWith(marker).toString();
    }

    @Test
    void anImageTravelsAsADataUrl() {
        String marker = "image-" + UUID.randomUUID();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("qwen2.5-coder:7b").maxCompletionTokens(64)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text(marker + " What is this? [[sim reply=\"A dot.\"]]").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url("data:image/png;base64," + PNG).build())
                                .build())))
                .build());

        assertThat(text(completion)).isEqualTo("A dot.");
        assertThat(simulatorRequestWith(marker).toString()).contains(PNG);
    }

    @Test
    void errorsComeAsTheSdksExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("qwen2.5-coder:7b").n(2).addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("n");
    }

    @Test
    void theModelsOfEveryPoolAreListed() {
        List<String> ids = client.models().list().autoPager().stream().map(Model::id).toList();

        assertThat(ids).contains("qwen2.5-coder:7b", "llama3.2:3b");
        assertThat(client.models().retrieve("qwen2.5-coder:7b").ownedBy()).isNotBlank();
    }
}
