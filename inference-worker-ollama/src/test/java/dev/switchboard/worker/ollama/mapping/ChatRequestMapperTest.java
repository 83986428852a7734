package dev.switchboard.worker.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.worker.Capability;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.switchboard.worker.core.testkit.TestJobs.json;
import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;

class ChatRequestMapperTest {

    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private static final String JPEG = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=";

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("the system prompt comes first, system messages stay in place",
                        request("Be brief.", user("a"), Message.text(Role.SYSTEM, "Now answer in French."), user("b")),
                        """
                        [{"role":"system","content":"Be brief."},{"role":"user","content":"a"},
                         {"role":"system","content":"Now answer in French."},{"role":"user","content":"b"}]"""),
                Arguments.of("a blank system prompt is left out",
                        request("  ", user("a")),
                        "[{\"role\":\"user\",\"content\":\"a\"}]"),
                Arguments.of("text blocks of one message are joined",
                        request(null, new Message(Role.USER, List.of(new ContentBlock.Text("<reminder>x</reminder>"),
                                new ContentBlock.Text("fix the bug")))),
                        "[{\"role\":\"user\",\"content\":\"<reminder>x</reminder>\\n\\nfix the bug\"}]"),
                Arguments.of("images travel base64 on their message",
                        request(null, new Message(Role.USER, List.of(new ContentBlock.Image("image/png", PNG),
                                new ContentBlock.Text("what differs?"), new ContentBlock.Image("image/jpeg", JPEG)))),
                        "[{\"role\":\"user\",\"content\":\"what differs?\",\"images\":[\"" + PNG + "\",\"" + JPEG + "\"]}]"),
                Arguments.of("an image alone makes a message with empty content",
                        request(null, new Message(Role.USER, List.of(new ContentBlock.Image("image/png", PNG)))),
                        "[{\"role\":\"user\",\"content\":\"\",\"images\":[\"" + PNG + "\"]}]"),
                Arguments.of("an assistant turn keeps text, reasoning and tool calls together; arguments stay an object",
                        request(null, user("weather?"), new Message(Role.ASSISTANT, List.of(
                                new ContentBlock.Thinking("Need the city.", "sig-1"),
                                new ContentBlock.Text("Checking."),
                                new ContentBlock.ToolUse("toolu_01", "get_weather", object("{\"city\":\"Tokyo\",\"days\":2}")),
                                new ContentBlock.ToolUse("toolu_02", "get_time", object("{\"zone\":\"JST\"}"))))),
                        """
                        [{"role":"user","content":"weather?"},
                         {"role":"assistant","content":"Checking.","thinking":"Need the city.",
                          "tool_calls":[{"id":"toolu_01","function":{"name":"get_weather","arguments":{"city":"Tokyo","days":2}}},
                                        {"id":"toolu_02","function":{"name":"get_time","arguments":{"zone":"JST"}}}]}]"""),
                Arguments.of("a tool call without id or input",
                        request(null, new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse(null, "now", null)))),
                        "[{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"now\",\"arguments\":{}}}]}]"),
                Arguments.of("tool results inside a user message become tool messages, in order, before the user's text",
                        request(null, user("look"), new Message(Role.ASSISTANT, List.of(
                                        new ContentBlock.ToolUse("toolu_1", "Read", object("{\"path\":\"a\"}")),
                                        new ContentBlock.ToolUse("toolu_2", "Grep", object("{\"pattern\":\"b\"}")))),
                                new Message(Role.USER, List.of(
                                        new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("one")), false),
                                        new ContentBlock.ToolResult("toolu_2", List.of(new ContentBlock.Text("two")), false),
                                        new ContentBlock.Text("continue")))),
                        """
                        [{"role":"user","content":"look"},
                         {"role":"assistant","content":"","tool_calls":[
                            {"id":"toolu_1","function":{"name":"Read","arguments":{"path":"a"}}},
                            {"id":"toolu_2","function":{"name":"Grep","arguments":{"pattern":"b"}}}]},
                         {"role":"tool","content":"one","tool_name":"Read","tool_call_id":"toolu_1"},
                         {"role":"tool","content":"two","tool_name":"Grep","tool_call_id":"toolu_2"},
                         {"role":"user","content":"continue"}]"""),
                Arguments.of("text before a tool result stays before it",
                        request(null, call("toolu_1", "Bash"), new Message(Role.USER, List.of(new ContentBlock.Text("first"),
                                new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("r")), false)))),
                        """
                        [{"role":"assistant","content":"","tool_calls":[{"id":"toolu_1","function":{"name":"Bash","arguments":{}}}]},
                         {"role":"user","content":"first"},
                         {"role":"tool","content":"r","tool_name":"Bash","tool_call_id":"toolu_1"}]"""),
                Arguments.of("a failed tool's output is marked as an error",
                        request(null, call("toolu_1", "Read"), new Message(Role.USER, List.of(new ContentBlock.ToolResult(
                                "toolu_1", List.of(new ContentBlock.Text("No such file")), true)))),
                        """
                        [{"role":"assistant","content":"","tool_calls":[{"id":"toolu_1","function":{"name":"Read","arguments":{}}}]},
                         {"role":"tool","content":"Error: No such file","tool_name":"Read","tool_call_id":"toolu_1"}]"""),
                Arguments.of("a failed tool without output",
                        request(null, new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_9", List.of(), true)))),
                        "[{\"role\":\"tool\",\"content\":\"Error: the tool failed without output\",\"tool_call_id\":\"toolu_9\"}]"),
                Arguments.of("a result for a call not in the conversation has no tool_name",
                        request(null, new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_x",
                                List.of(new ContentBlock.Text("42")), false)))),
                        "[{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"toolu_x\"}]"),
                Arguments.of("tool-role messages (OpenAI style) become tool messages",
                        request(null, call("call_1", "Bash"), new Message(Role.TOOL, List.of(new ContentBlock.ToolResult(
                                "call_1", List.of(new ContentBlock.Text("ok")), false)))),
                        """
                        [{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"name":"Bash","arguments":{}}}]},
                         {"role":"tool","content":"ok","tool_name":"Bash","tool_call_id":"call_1"}]"""),
                Arguments.of("plain text in a tool-role message",
                        request(null, Message.text(Role.TOOL, "sunny")),
                        "[{\"role\":\"tool\",\"content\":\"sunny\"}]"),
                Arguments.of("a tool result's text and images",
                        request(null, call("toolu_1", "Screenshot"), new Message(Role.USER, List.of(new ContentBlock.ToolResult(
                                "toolu_1", List.of(new ContentBlock.Text("the screen"), new ContentBlock.Image("image/png", PNG),
                                new ContentBlock.Text("1280x800")), false)))),
                        """
                        [{"role":"assistant","content":"","tool_calls":[{"id":"toolu_1","function":{"name":"Screenshot","arguments":{}}}]},
                         {"role":"tool","content":"the screen\\n1280x800","images":["%s"],"tool_name":"Screenshot","tool_call_id":"toolu_1"}]"""
                                .formatted(PNG)),
                Arguments.of("an empty user turn is kept, an empty assistant turn is dropped",
                        request(null, new Message(Role.USER, List.of()), new Message(Role.ASSISTANT, List.of()), user("again")),
                        "[{\"role\":\"user\",\"content\":\"\"},{\"role\":\"user\",\"content\":\"again\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void messages(String name, ChatRequest request, String expected) {
        assertThat(ChatRequestMapper.prompt(request).messages()).isEqualTo(json(expected));
    }

    static Stream<Arguments> tools() {
        List<ToolDefinition> tools = List.of(
                new ToolDefinition("Read", "Reads a file", object("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}")),
                new ToolDefinition("Now", null, null));
        String all = """
                [{"type":"function","function":{"name":"Read","description":"Reads a file",
                   "parameters":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}},
                 {"type":"function","function":{"name":"Now","parameters":{"type":"object","properties":{}}}}]""";
        return Stream.of(
                Arguments.of("no choice: every tool, in Ollama's function format", tools, null, all),
                Arguments.of("auto: every tool", tools, ToolChoice.auto(), all),
                Arguments.of("any: every tool (Ollama cannot force a call)", tools, new ToolChoice(ToolChoice.Mode.ANY, null, false), all),
                Arguments.of("none: no tools", tools, new ToolChoice(ToolChoice.Mode.NONE, null, false), "[]"),
                Arguments.of("one named tool: only that one", tools, new ToolChoice(ToolChoice.Mode.TOOL, "Now", true),
                        "[{\"type\":\"function\",\"function\":{\"name\":\"Now\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]"),
                Arguments.of("no tools", List.of(), null, "[]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void tools(String name, List<ToolDefinition> tools, ToolChoice choice, String expected) {
        ChatRequest request = new ChatRequest(null, List.of(user("hi")), tools, choice, Sampling.maxTokens(10));
        assertThat(ChatRequestMapper.prompt(request).tools()).isEqualTo(json(expected));
    }

    static Stream<Arguments> think() {
        ModelDetails thinker = new ModelDetails("qwen3:8b", 40960, Set.of(Capability.THINKING, Capability.TOOLS), false);
        ModelDetails plain = new ModelDetails("llama3.2:3b", 131072, Set.of(Capability.TOOLS), false);
        ModelDetails unknown = new ModelDetails("old:1b", null, Set.of(), false);
        return Stream.of(
                Arguments.of("thinking asked, model thinks", new ThinkingConfig(true, 4000), thinker, "true"),
                Arguments.of("thinking off, model thinks: false, since Ollama would make it think", ThinkingConfig.off(), thinker, "false"),
                Arguments.of("thinking asked, model cannot think: left out (Ollama answers 400 to true)", new ThinkingConfig(true, null), plain, null),
                Arguments.of("thinking off, model cannot think: left out", ThinkingConfig.off(), plain, null),
                Arguments.of("capabilities unknown (old Ollama): left out", new ThinkingConfig(true, null), unknown, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void think(String name, ThinkingConfig thinking, ModelDetails model, String expected) {
        Boolean think = ChatRequestMapper.think(thinking, model);
        JsonNode body = ChatRequestMapper.body(model.name(), ChatRequestMapper.prompt(request(null, user("hi"))),
                new Sampling(10, null, null, null, List.of(), thinking), null, think, new ContextSize(8192, 10), "30m");
        if (expected == null) {
            assertThat(body.has("think")).isFalse();
        } else {
            assertThat(body.get("think")).isEqualTo(json(expected));
        }
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("every sampling option; stop sequences are the worker's to apply, never sent",
                        new Sampling(2048, 0.7, 0.95, 20, List.of("</answer>", "\n\nUser:"), ThinkingConfig.off(), 7),
                        new ContextSize(16384, 2048),
                        "{\"num_ctx\":16384,\"num_predict\":2048,\"temperature\":0.7,\"top_p\":0.95,\"top_k\":20,\"seed\":7}"),
                Arguments.of("only what is set", Sampling.maxTokens(100), new ContextSize(8192, 100),
                        "{\"num_ctx\":8192,\"num_predict\":100}"),
                Arguments.of("num_predict as sized, not as asked", Sampling.maxTokens(32000), new ContextSize(4096, 3800),
                        "{\"num_ctx\":4096,\"num_predict\":3800}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bodies(String name, Sampling sampling, ContextSize size, String expectedOptions) {
        OllamaPrompt prompt = ChatRequestMapper.prompt(request(null, user("hi")));
        JsonNode body = ChatRequestMapper.body("llama3.2", prompt, sampling, null, null, size, "1h");

        assertThat(body).isEqualTo(json("""
                {"model":"llama3.2","messages":[{"role":"user","content":"hi"}],"stream":true,"keep_alive":"1h",
                 "truncate":false,"shift":false,"options":%s}""".formatted(expectedOptions)));
    }

    @ParameterizedTest(name = "keep_alive {0} -> {1}")
    @CsvSource(delimiter = '|', value = {"30m | \"30m\"", "1h30m | \"1h30m\"", "-1 | -1", "3600 | 3600", "0 | 0"})
    void keepAlive(String configured, String sent) {
        JsonNode body = ChatRequestMapper.body("m", ChatRequestMapper.prompt(request(null, user("hi"))), Sampling.maxTokens(1),
                null, null, new ContextSize(8192, 1), configured);
        assertThat(body.get("keep_alive").toString()).isEqualTo(sent);
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of("any JSON", new ResponseFormat.JsonObject(), "\"json\""),
                Arguments.of("a schema, as it is", new ResponseFormat.JsonSchema("city", object(
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"), true),
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void formats(String name, ResponseFormat format, String expected) {
        JsonNode body = ChatRequestMapper.body("m", ChatRequestMapper.prompt(request(null, user("hi"))), Sampling.maxTokens(1),
                format, null, new ContextSize(8192, 1), "5m");
        assertThat(body.get("format")).isEqualTo(json(expected));
    }

    @org.junit.jupiter.api.Test
    void freeTextSendsNoFormat() {
        JsonNode body = ChatRequestMapper.body("m", ChatRequestMapper.prompt(request(null, user("hi"))), Sampling.maxTokens(1),
                null, null, new ContextSize(8192, 1), "5m");
        assertThat(body.has("format")).isFalse();
    }

    private static ChatRequest request(String system, Message... messages) {
        return new ChatRequest(system, List.of(messages), List.of(), null, Sampling.maxTokens(100));
    }

    private static Message user(String text) {
        return Message.text(Role.USER, text);
    }

    private static Message call(String id, String tool) {
        return new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse(id, tool, object("{}"))));
    }
}
