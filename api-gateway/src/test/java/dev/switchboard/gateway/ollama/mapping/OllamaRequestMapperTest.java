package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.gateway.front.FrontDefaults;
import dev.switchboard.gateway.front.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.switchboard.gateway.front.FrontJson.PNG;
import static dev.switchboard.gateway.front.FrontJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaRequestMapperTest {


    /** As ollama-python sends a tool round trip: calls without ids, the result naming its tool. */
    @Test
    void aToolRoundTripGetsIdsAndEachResultAnswersItsCall() {
        OllamaRequest request = OllamaRequestMapper.chat(json("""
                {"model":"qwen3:8b","stream":true,"think":false,"keep_alive":"10m",
                 "messages":[{"role":"system","content":"Be brief."},
                   {"role":"user","content":"Weather in Paris and Rome?","images":["%s"]},
                   {"role":"assistant","content":"","thinking":"Two calls.","tool_calls":[
                     {"function":{"name":"weather","arguments":{"city":"Paris"}}},
                     {"function":{"name":"time","arguments":{}}}]},
                   {"role":"tool","tool_name":"time","content":"noon"},
                   {"role":"tool","content":"18 C"}],
                 "tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"time"}}]}""".formatted(PNG)));
        ChatRequest chat = request.chat();

        assertThat(request.stream()).isTrue();
        assertThat(request.keepAlive()).isEqualTo("10m");
        assertThat(chat.keepAlive()).isEqualTo("10m");
        assertThat(chat.sampling().thinking().enabled()).isFalse();
        assertThat(chat.messages()).containsExactly(
                Message.text(Role.SYSTEM, "Be brief."),
                new Message(Role.USER, List.of(new ContentBlock.Text("Weather in Paris and Rome?"), new ContentBlock.Image("image/png", PNG))),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("Two calls.", ""),
                        new ContentBlock.ToolUse("call_0", "weather", (ObjectNode) json("{\"city\":\"Paris\"}")),
                        new ContentBlock.ToolUse("call_1", "time", (ObjectNode) json("{}")))),
                new Message(Role.TOOL, List.of(new ContentBlock.ToolResult("call_1", List.of(new ContentBlock.Text("noon")), false))),
                new Message(Role.TOOL, List.of(new ContentBlock.ToolResult("call_0", List.of(new ContentBlock.Text("18 C")), false))));
        assertThat(chat.tools()).extracting(tool -> tool.name()).containsExactly("weather", "time");
    }

    static Stream<Arguments> options() {
        return Stream.of(
                Arguments.of("defaults: stream, think, no limit", "{}", (Consumer<OllamaRequest>) r -> {
                    assertThat(r.stream()).isTrue();
                    assertThat(r.chat().sampling().maxTokens()).isEqualTo(FrontDefaults.MAX_TOKENS);
                    assertThat(r.chat().sampling().thinking()).isEqualTo(new ThinkingConfig(true, null));
                    assertThat(r.chat().responseFormat()).isNull();
                }),
                Arguments.of("every option carried", "{\"options\":{\"num_predict\":50,\"temperature\":0.3,\"top_p\":0.8,\"top_k\":20,"
                        + "\"seed\":9,\"stop\":[\"END\"],\"num_ctx\":8192,\"repeat_penalty\":1.1}}", (Consumer<OllamaRequest>) r -> {
                    var s = r.chat().sampling();
                    assertThat(s.maxTokens()).isEqualTo(50);
                    assertThat(s.temperature()).isEqualTo(0.3);
                    assertThat(s.topP()).isEqualTo(0.8);
                    assertThat(s.topK()).isEqualTo(20);
                    assertThat(s.seed()).isEqualTo(9);
                    assertThat(s.stopSequences()).containsExactly("END");
                }),
                Arguments.of("num_predict -1 is the default", "{\"options\":{\"num_predict\":-1,\"seed\":-1}}", (Consumer<OllamaRequest>) r -> {
                    assertThat(r.chat().sampling().maxTokens()).isEqualTo(FrontDefaults.MAX_TOKENS);
                    assertThat(r.chat().sampling().seed()).isNull();
                }),
                Arguments.of("format json", "{\"format\":\"json\"}",
                        (Consumer<OllamaRequest>) r -> assertThat(r.chat().responseFormat()).isEqualTo(new ResponseFormat.JsonObject())),
                Arguments.of("format schema", "{\"format\":{\"type\":\"object\"}}", (Consumer<OllamaRequest>) r ->
                        assertThat(r.chat().responseFormat()).isEqualTo(new ResponseFormat.JsonSchema(null, (ObjectNode) json("{\"type\":\"object\"}"), false))),
                Arguments.of("think a level", "{\"think\":\"low\"}",
                        (Consumer<OllamaRequest>) r -> assertThat(r.chat().sampling().thinking().enabled()).isTrue()),
                Arguments.of("keep_alive in seconds", "{\"keep_alive\":300}", (Consumer<OllamaRequest>) r -> assertThat(r.keepAlive()).isEqualTo("300")),
                Arguments.of("keep_alive for ever", "{\"keep_alive\":\"-1m\"}", (Consumer<OllamaRequest>) r -> assertThat(r.keepAlive()).isEqualTo("-1m")),
                Arguments.of("stream false", "{\"stream\":false}", (Consumer<OllamaRequest>) r -> assertThat(r.stream()).isFalse()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void options(String name, String fields, Consumer<OllamaRequest> check) {
        ObjectNode body = (ObjectNode) json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        body.setAll((ObjectNode) json(fields));
        check.accept(OllamaRequestMapper.chat(body));
    }

    @Test
    void aGenerateIsAOneTurnConversationWithItsSystemPrompt() {
        OllamaRequest request = OllamaRequestMapper.generate(json("""
                {"model":"m","prompt":"Why is the sky blue?","system":"Answer like a pirate.","images":["%s"],"stream":false}""".formatted(PNG)));

        assertThat(request.stream()).isFalse();
        assertThat(request.chat().system()).isEqualTo("Answer like a pirate.");
        assertThat(request.chat().messages()).containsExactly(new Message(Role.USER,
                List.of(new ContentBlock.Text("Why is the sky blue?"), new ContentBlock.Image("image/png", PNG))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "chat without messages | chat | {\"model\":\"m\"}",
            "chat with no message | chat | {\"model\":\"m\",\"messages\":[]}",
            "generate without a prompt | generate | {\"model\":\"m\"}"})
    void nothingToGenerateOnlyLoads(String name, String endpoint, String body) {
        OllamaRequest request = endpoint.equals("chat") ? OllamaRequestMapper.chat(json(body)) : OllamaRequestMapper.generate(json(body));
        assertThat(request.onlyLoads()).isTrue();
        assertThat(request.unloads()).isFalse();
    }

    @ParameterizedTest(name = "keep_alive {0} unloads: {1}")
    @CsvSource({"0, true", "\"0s\", true", "\"0m\", true", "\"5m\", false", "-1, false"})
    void unloads(String keepAlive, boolean unloads) {
        assertThat(OllamaRequestMapper.chat(json("{\"model\":\"m\",\"keep_alive\":" + keepAlive + "}")).unloads()).isEqualTo(unloads);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("chat", "{\"messages\":[]}", "model: model is required"),
                Arguments.of("chat", "{\"model\":\"\"}", "model: model is required"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}", "messages.0.role: unknown role 'bot'"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages.0: a tool message answers no tool call"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"images\":[\"aGVsbG8=\"]}]}",
                        "messages.0.images.0: is not an image"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{}\"}}]}]}", "messages.0.tool_calls.0.function.arguments: expected an object"),
                Arguments.of("chat", "{\"model\":\"m\",\"format\":\"xml\"}", "format: invalid format 'xml'"),
                Arguments.of("chat", "{\"model\":\"m\",\"keep_alive\":\"soon\"}", "keep_alive: time: invalid duration \"soon\""),
                Arguments.of("chat", "{\"model\":\"m\",\"think\":\"max\"}", "think: expected true, false"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"num_predict\":0}}",
                        "options.num_predict: must not be 0"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"top_p\":1.5}}",
                        "options.top_p: must be between 0 and 1"),
                Arguments.of("chat", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"code\"}]}",
                        "tools.0.type: unsupported tool type 'code'"),
                Arguments.of("generate", "{\"model\":\"m\",\"prompt\":\"x\",\"suffix\":\"y\"}", "suffix: fill-in-the-middle"),
                Arguments.of("generate", "{\"model\":\"m\",\"prompt\":\"x\",\"raw\":true}", "raw: raw prompts are not supported"),
                Arguments.of("generate", "{\"model\":\"m\",\"prompt\":\"x\",\"template\":\"{{ .Prompt }}\"}", "template: a custom template"),
                Arguments.of("generate", "[]", "body: expected a JSON object"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void refused(String endpoint, String body, String message) {
        assertThatThrownBy(() -> {
            if (endpoint.equals("chat")) {
                OllamaRequestMapper.chat(json(body));
            } else {
                OllamaRequestMapper.generate(json(body));
            }
        }).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(message);
    }
}
