package dev.switchboard.gateway.openai.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.gateway.front.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.gateway.front.FrontJson.PNG;
import static dev.switchboard.gateway.front.FrontJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiRequestMapperTest {


    private static OpenAiRequest map(String body) {
        return OpenAiRequestMapper.toCanonical(json(body));
    }

    /** As the OpenAI Java SDK sends a tool-call round trip (captured from its request log). */
    private static final String TOOL_ROUND_TRIP = """
            {"messages":[{"content":"You are terse.","role":"developer"},
              {"content":"What is the weather in Paris?","role":"user"},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","function":{"arguments":"{\\"city\\":\\"Paris\\"}",
                "name":"get_weather"},"type":"function"}]},
              {"content":"18 C, sunny","role":"tool","tool_call_id":"call_abc"}],
             "model":"qwen2.5-coder:7b","max_completion_tokens":256,"parallel_tool_calls":false,
             "tool_choice":"required","tools":[{"function":{"name":"get_weather","description":"Weather now",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},"type":"function"}],
             "stream":true,"stream_options":{"include_usage":true},"user":"conv-7"}""";

    @Test
    void aToolRoundTripReadsAsCallsAndResults() {
        OpenAiRequest request = map(TOOL_ROUND_TRIP);
        ChatRequest chat = request.chat();

        assertThat(request.model()).isEqualTo("qwen2.5-coder:7b");
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.user()).isEqualTo("conv-7");
        assertThat(chat.system()).isEqualTo("You are terse.");
        assertThat(chat.messages()).containsExactly(
                Message.text(Role.USER, "What is the weather in Paris?"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("call_abc", "get_weather", (ObjectNode) json("{\"city\":\"Paris\"}")))),
                new Message(Role.TOOL, List.of(new ContentBlock.ToolResult("call_abc", List.of(new ContentBlock.Text("18 C, sunny")), false))));
        assertThat(chat.tools()).singleElement().satisfies(tool -> {
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.inputSchema().path("required").get(0).asText()).isEqualTo("city");
        });
        assertThat(chat.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.ANY, null, true));
        assertThat(chat.sampling().maxTokens()).isEqualTo(256);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("no limit: the default", "{}", (Check) c -> assertThat(c.sampling().maxTokens()).isEqualTo(dev.switchboard.gateway.front.FrontDefaults.MAX_TOKENS)),
                Arguments.of("max_tokens", "{\"max_tokens\":77}", (Check) c -> assertThat(c.sampling().maxTokens()).isEqualTo(77)),
                Arguments.of("max_completion_tokens wins", "{\"max_tokens\":77,\"max_completion_tokens\":99}",
                        (Check) c -> assertThat(c.sampling().maxTokens()).isEqualTo(99)),
                Arguments.of("sampling", "{\"temperature\":1.5,\"top_p\":0.5,\"seed\":42}", (Check) c -> {
                    assertThat(c.sampling().temperature()).isEqualTo(1.5);
                    assertThat(c.sampling().topP()).isEqualTo(0.5);
                    assertThat(c.sampling().seed()).isEqualTo(42);
                }),
                Arguments.of("stop as a string", "{\"stop\":\"END\"}", (Check) c -> assertThat(c.sampling().stopSequences()).containsExactly("END")),
                Arguments.of("stop as a list", "{\"stop\":[\"a\",\"b\"]}", (Check) c -> assertThat(c.sampling().stopSequences()).containsExactly("a", "b")),
                Arguments.of("n of 1", "{\"n\":1}", (Check) c -> assertThat(c.messages()).hasSize(1)),
                Arguments.of("json_object", "{\"response_format\":{\"type\":\"json_object\"}}",
                        (Check) c -> assertThat(c.responseFormat()).isEqualTo(new ResponseFormat.JsonObject())),
                Arguments.of("json_schema", "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"strict\":true,"
                                + "\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}}}",
                        (Check) c -> assertThat(c.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema("city",
                                (ObjectNode) json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"), true))),
                Arguments.of("text format is free text", "{\"response_format\":{\"type\":\"text\"}}", (Check) c -> assertThat(c.responseFormat()).isNull()),
                Arguments.of("reasoning asked", "{\"reasoning_effort\":\"high\"}",
                        (Check) c -> assertThat(c.sampling().thinking()).isEqualTo(new ThinkingConfig(true, null))),
                Arguments.of("reasoning off", "{\"reasoning_effort\":\"none\"}", (Check) c -> assertThat(c.sampling().thinking().enabled()).isFalse()),
                Arguments.of("a named tool", "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}}", (Check) c -> {
                    assertThat(c.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "f", false));
                    assertThat(c.tools().getFirst().inputSchema()).isEqualTo(json("{\"type\":\"object\",\"properties\":{}}"));
                }),
                Arguments.of("ignored fields", "{\"frequency_penalty\":1,\"logit_bias\":{\"1\":2},\"store\":true,\"metadata\":{\"a\":\"b\"}}",
                        (Check) c -> assertThat(c.messages()).hasSize(1)));
    }

    interface Check {
        void on(ChatRequest chat);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String name, String fields, Check check) {
        ObjectNode body = (ObjectNode) json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        body.setAll((ObjectNode) json(fields));
        check.on(OpenAiRequestMapper.toCanonical(body).chat());
    }

    @Test
    void contentPartsKeepTextAndDataUrlImagesInOrder() {
        OpenAiRequest request = map("""
                {"model":"m","messages":[{"role":"system","content":[{"type":"text","text":"Be brief."}]},
                 {"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,%s","detail":"low"}}]},
                 {"role":"assistant","content":"A dot."},
                 {"role":"system","content":"Now in French."},
                 {"role":"user","content":"Encore ?"}]}""".formatted(PNG));

        assertThat(request.chat().system()).isEqualTo("Be brief.");
        assertThat(request.chat().messages()).containsExactly(
                new Message(Role.USER, List.of(new ContentBlock.Text("What is this?"), new ContentBlock.Image("image/png", PNG))),
                Message.text(Role.ASSISTANT, "A dot."),
                Message.text(Role.SYSTEM, "Now in French."),
                Message.text(Role.USER, "Encore ?"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("not an object", "[]", "body: expected a JSON object"),
                Arguments.of("no model", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model: field required"),
                Arguments.of("no messages", "{\"model\":\"m\"}", "messages: field required"),
                Arguments.of("empty messages", "{\"model\":\"m\",\"messages\":[]}", "messages: must hold at least one message"),
                Arguments.of("n above 1", "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "n: only one choice is generated"),
                Arguments.of("unknown role", "{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"content\":\"hi\"}]}",
                        "messages.0.role: unknown role 'function'"),
                Arguments.of("an image by URL", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"https://x/y.png\"}}]}]}", "messages.0.content.0.image_url.url: only data URLs"),
                Arguments.of("an audio part", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}",
                        "messages.0.content.0.type: unsupported content part 'input_audio'"),
                Arguments.of("a tool answer to no call", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"tool\",\"tool_call_id\":\"call_x\",\"content\":\"1\"}]}", "messages.1.tool_call_id: 'call_x' matches no tool call"),
                Arguments.of("arguments that do not parse", "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}",
                        "messages.0.tool_calls.0.function.arguments: is not valid JSON"),
                Arguments.of("an assistant with nothing", "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\"}]}",
                        "messages.0.content: an assistant message needs content or tool_calls"),
                Arguments.of("temperature above 2", "{\"model\":\"m\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "temperature: must be between 0 and 2"),
                Arguments.of("max_tokens of 0", "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "max_tokens: must be at least 1"),
                Arguments.of("five stops", "{\"model\":\"m\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "stop: at most 4"),
                Arguments.of("a non-function tool", "{\"model\":\"m\",\"tools\":[{\"type\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "tools.0.type: unsupported tool type 'web_search'"),
                Arguments.of("a choice of no tool", "{\"model\":\"m\",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "tool_choice.function.name: no tool named 'g'"),
                Arguments.of("an unknown format", "{\"model\":\"m\",\"response_format\":{\"type\":\"yaml\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "response_format.type: unknown response format 'yaml'"),
                Arguments.of("a schema without a name", "{\"model\":\"m\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "response_format.json_schema.name: field required"),
                Arguments.of("an unknown effort", "{\"model\":\"m\",\"reasoning_effort\":\"max\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "reasoning_effort: unknown effort 'max'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String name, String body, String message) {
        assertThatThrownBy(() -> map(body)).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(message);
    }
}
