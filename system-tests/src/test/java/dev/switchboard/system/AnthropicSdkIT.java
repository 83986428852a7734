package dev.switchboard.system;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.models.ModelInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official Anthropic Java SDK against the running suite; the simulator answers as the
 * directive in each prompt says (see backend-simulator/README.md).
 */
class AnthropicSdkIT {

    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = Suite.anthropic();
    }

    @AfterAll
    static void close() {
        client.close();
    }


    @Test
    void aMessageIsAnswered() {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(256)
                .addUserMessage("Greet me. [[sim reply=\"Hello from the local model!\" ttft_ms=5 tps=500]]")
                .build());

        assertThat(Suite.text(message)).isEqualTo("Hello from the local model!");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.id()).startsWith("msg_");
        assertThat(message.model().toString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void aStreamArrivesEventByEventAndAddsUpToTheSameMessage() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("qwen2.5-coder:7b").maxTokens(256)
                .addUserMessage("Count. [[sim tokens=40 ttft_ms=5 tps=400]]")
                .build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(event.isMessageStart() ? "message_start" : event.isContentBlockDelta() ? "delta"
                        : event.isMessageStop() ? "message_stop" : "other");
            });
        }
        Message message = accumulator.message();

        assertThat(types.getFirst()).isEqualTo("message_start");
        assertThat(types.getLast()).isEqualTo("message_stop");
        assertThat(types.stream().filter("delta"::equals).count()).isGreaterThan(5);
        String expected = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        assertThat(Suite.text(message).strip()).isEqualTo(expected);
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void aToolUseRoundTripReachesTheModelAndBack() {
        Tool weather = Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city"))
                        .build())
                .build();
        MessageCreateParams.Builder first = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).addTool(weather)
                .addUserMessage("Weather in Paris? [[sim tool=get_weather args={\"city\":\"Paris\"} then=\"It is sunny in Paris.\"]]");
        Message call = client.messages().create(first.build());

        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock toolUse = call.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
        assertThat(toolUse.name()).isEqualTo("get_weather");
        assertThat(toolUse.id()).startsWith("toolu_");
        assertThat(toolUse._input().convert(Map.class)).isEqualTo(Map.of("city", "Paris"));
        assertThat(call.content().stream().filter(ContentBlock::isText).map(b -> b.asText().text()))
                .allSatisfy(text -> assertThat(text).isNotBlank());

        Message answer = client.messages().create(first
                .addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(toolUse.id()).content("18 degrees and sunny").build())))
                .build());

        assertThat(Suite.text(answer)).isEqualTo("It is sunny in Paris.");
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(Suite.simulatorRequests(1).toString()).contains("18 degrees and sunny");
    }

    @Test
    void thinkingComesBeforeTheAnswer() {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("qwen3:8b").maxTokens(2048).enabledThinking(1024)
                .addUserMessage("What is six times seven? [[sim think=\"Six sevens are forty-two.\" reply=\"42\"]]")
                .build());

        assertThat(message.content().getFirst().isThinking()).isTrue();
        assertThat(message.content().getFirst().asThinking().thinking()).isEqualTo("Six sevens are forty-two.");
        assertThat(message.content().getFirst().asThinking().signature()).isNotBlank();
        assertThat(Suite.text(message)).isEqualTo("42");
    }

    @Test
    void aStopSequenceEndsTheAnswerAndIsNamed() {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("qwen2.5-coder:7b").maxTokens(256).stopSequences(List.of("STOP"))
                .addUserMessage("Go. [[sim reply=\"one two STOP three four\"]]")
                .build());

        assertThat(message.stopReason()).contains(StopReason.STOP_SEQUENCE);
        assertThat(message.stopSequence()).contains("STOP");
        assertThat(Suite.text(message)).isEqualTo("one two ");
    }

    @Test
    void theMaxTokensLimitStopsTheAnswer() {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("qwen2.5-coder:7b").maxTokens(5)
                .addUserMessage("Go on and on. [[sim tokens=100]]")
                .build());

        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void tokensAreCounted() {
        long small = client.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Hello").build()).inputTokens();
        long large = client.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Hello ".repeat(500)).build()).inputTokens();

        assertThat(small).isPositive();
        assertThat(large).isGreaterThan(small + 400);
    }

    @Test
    void theModelsOfTheWorkersAreListed() {
        List<String> ids = client.models().list().autoPager().stream().map(ModelInfo::id).toList();

        assertThat(ids).contains("qwen2.5-coder:7b", "llama3.2:3b");
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder()
                .model("no-such-model").maxTokens(16).addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("qwen2.5-coder:7b");
    }
}
