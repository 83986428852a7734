package dev.switchboard.worker.mlx.mapping;

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
import dev.switchboard.contract.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.worker.core.testkit.TestJobs.json;
import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;

class ChatRequestMapperTest {

    private static final ToolDefinition BASH = new ToolDefinition("Bash", "Runs a command",
            object("{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}},\"required\":[\"command\"]}"));

    private static ChatRequest conversation(String system, Message... messages) {
        return new ChatRequest(system, List.of(messages), List.of(), null, Sampling.maxTokens(100));
    }

    private static Message message(Role role, ContentBlock... blocks) {
        return new Message(role, List.of(blocks));
    }

    private static ContentBlock.Text text(String text) {
        return new ContentBlock.Text(text);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("the system prompt comes first, system messages stay in place",
                        conversation("You are terse.", Message.text(Role.USER, "hi"), Message.text(Role.SYSTEM, "Now in French."),
                                Message.text(Role.USER, "encore")),
                        """
                        [{"role":"system","content":"You are terse."},{"role":"user","content":"hi"},
                         {"role":"system","content":"Now in French."},{"role":"user","content":"encore"}]"""),
                Arguments.of("a blank system prompt is left out",
                        conversation("  ", Message.text(Role.USER, "hi")),
                        "[{\"role\":\"user\",\"content\":\"hi\"}]"),
                Arguments.of("several text blocks make one string",
                        conversation(null, message(Role.USER, text("<system-reminder>be brief</system-reminder>"), text("list /tmp"))),
                        "[{\"role\":\"user\",\"content\":\"<system-reminder>be brief</system-reminder>\\n\\nlist /tmp\"}]"),
                Arguments.of("images make an array of text and image_url parts, in order",
                        conversation(null, message(Role.USER, text("What is this?"),
                                new ContentBlock.Image("image/jpeg", "/9j/4AAQ"), text("And this?"),
                                new ContentBlock.Image(null, "iVBORw0KGgo="))),
                        """
                        [{"role":"user","content":[{"type":"text","text":"What is this?"},
                          {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
                          {"type":"text","text":"And this?"},
                          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]"""),
                Arguments.of("a tool round trip keeps the ids; arguments travel as a JSON string; thinking is dropped",
                        conversation(null,
                                Message.text(Role.USER, "What is in /tmp?"),
                                message(Role.ASSISTANT, new ContentBlock.Thinking("Look first.", "sig"), text("Let me look."),
                                        new ContentBlock.ToolUse("toolu_1", "Bash", object("{\"command\":\"ls /tmp\"}")),
                                        new ContentBlock.ToolUse("toolu_2", "Bash", object("{\"command\":\"ls -a /tmp\"}"))),
                                message(Role.USER,
                                        new ContentBlock.ToolResult("toolu_1", List.of(text("a.txt")), false),
                                        new ContentBlock.ToolResult("toolu_2", List.of(text("ls: cannot open")), true),
                                        text("And now?"))),
                        """
                        [{"role":"user","content":"What is in /tmp?"},
                         {"role":"assistant","content":"Let me look.","tool_calls":[
                           {"id":"toolu_1","type":"function","function":{"name":"Bash","arguments":"{\\"command\\":\\"ls /tmp\\"}"}},
                           {"id":"toolu_2","type":"function","function":{"name":"Bash","arguments":"{\\"command\\":\\"ls -a /tmp\\"}"}}]},
                         {"role":"tool","tool_call_id":"toolu_1","content":"a.txt"},
                         {"role":"tool","tool_call_id":"toolu_2","content":"Error: ls: cannot open"},
                         {"role":"user","content":"And now?"}]"""),
                Arguments.of("a turn that only calls tools has null content; a turn of tool results alone adds no user message",
                        conversation(null, Message.text(Role.USER, "go"),
                                message(Role.ASSISTANT, new ContentBlock.ToolUse("toolu_9", "Ping", null)),
                                message(Role.USER, new ContentBlock.ToolResult("toolu_9", List.of(), true))),
                        """
                        [{"role":"user","content":"go"},
                         {"role":"assistant","content":null,"tool_calls":[
                           {"id":"toolu_9","type":"function","function":{"name":"Ping","arguments":"{}"}}]},
                         {"role":"tool","tool_call_id":"toolu_9","content":"Error: the tool failed without output"}]"""),
                Arguments.of("tool messages come first; text before them and a result's images follow as the user's message",
                        conversation(null, message(Role.USER, text("Here:"),
                                new ContentBlock.ToolResult("toolu_3", List.of(text("screenshot taken"),
                                        new ContentBlock.Image("image/png", "AAAA")), false))),
                        """
                        [{"role":"tool","tool_call_id":"toolu_3","content":"screenshot taken"},
                         {"role":"user","content":[{"type":"text","text":"Here:"},
                           {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]"""),
                Arguments.of("results in tool-role messages become tool messages too",
                        conversation(null, message(Role.TOOL, new ContentBlock.ToolResult("call_1", List.of(text("42")), false))),
                        "[{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}]"),
                Arguments.of("an assistant turn of reasoning alone leaves nothing; an empty user turn stays",
                        conversation(null, Message.text(Role.USER, "a"), message(Role.ASSISTANT, new ContentBlock.Thinking("hmm", null)),
                                message(Role.USER)),
                        "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void messages(String name, ChatRequest request, String expected) {
        assertThat(ChatRequestMapper.messages(request)).isEqualTo(json(expected));
    }

    static Stream<Arguments> toolChoices() {
        return Stream.of(
                Arguments.of(ToolChoice.auto(), "\"auto\"", true),
                Arguments.of(new ToolChoice(ToolChoice.Mode.ANY, null, false), "\"required\"", true),
                Arguments.of(new ToolChoice(ToolChoice.Mode.TOOL, "Bash", true), "{\"type\":\"function\",\"function\":{\"name\":\"Bash\"}}", false),
                Arguments.of(new ToolChoice(ToolChoice.Mode.NONE, null, false), "\"none\"", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void toolChoices(ToolChoice choice, String expected, boolean parallel) {
        ChatRequest request = new ChatRequest(null, List.of(Message.text(Role.USER, "hi")), List.of(BASH), choice,
                Sampling.maxTokens(10));

        JsonNode body = ChatRequestMapper.body("m", request, null);

        assertThat(body.get("tool_choice")).isEqualTo(json(expected));
        assertThat(body.get("parallel_tool_calls").asBoolean()).isEqualTo(parallel);
    }

    @Test
    void theWholeBodyStreamsWithUsageAndAlwaysSetsMaxTokens() {
        ChatRequest request = new ChatRequest("Be brief.", List.of(Message.text(Role.USER, "hi")), List.of(BASH, new ToolDefinition("Ping", null, null)),
                null, new Sampling(4096, 0.2, 0.9, 40, List.of("</end>", "STOP"), new ThinkingConfig(true, 2000)));

        JsonNode body = ChatRequestMapper.body("mlx-community/Qwen3-8B-4bit", request, true);

        assertThat(body).isEqualTo(json("""
                {"model":"mlx-community/Qwen3-8B-4bit",
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"Bash","description":"Runs a command",
                            "parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}},
                          {"type":"function","function":{"name":"Ping","parameters":{"type":"object","properties":{}}}}],
                 "parallel_tool_calls":true,
                 "stream":true,
                 "stream_options":{"include_usage":true},
                 "max_tokens":4096,"temperature":0.2,"top_p":0.9,"top_k":40,
                 "chat_template_kwargs":{"enable_thinking":true}}"""));
    }

    @Test
    void leavesOutWhatWasNotAskedFor() {
        JsonNode body = ChatRequestMapper.body("m", conversation(null, Message.text(Role.USER, "hi")), null);

        assertThat(body).isEqualTo(json("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true,
                 "stream_options":{"include_usage":true},"max_tokens":100}"""));
    }

    static Stream<Arguments> responseFormats() {
        return Stream.of(
                Arguments.of(new ResponseFormat.JsonObject(), "{\"type\":\"json_object\"}"),
                Arguments.of(new ResponseFormat.JsonSchema("city", object("{\"type\":\"object\"}"), true),
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\",\"schema\":{\"type\":\"object\"},\"strict\":true}}"),
                Arguments.of(new ResponseFormat.JsonSchema(null, object("{\"type\":\"object\"}"), false),
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"response\",\"schema\":{\"type\":\"object\"},\"strict\":false}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void responseFormats(ResponseFormat format, String expected) {
        ChatRequest request = new ChatRequest(null, List.of(Message.text(Role.USER, "hi")), List.of(), null,
                new Sampling(10, null, null, null, List.of(), null, 42), format, null);

        JsonNode body = ChatRequestMapper.body("m", request, null);

        assertThat(body.get("response_format")).isEqualTo(json(expected));
        assertThat(body.get("seed").asInt()).isEqualTo(42);
    }

    @Test
    void asksAThinkingModelNotToThinkWhenTheClientDidNot() {
        JsonNode body = ChatRequestMapper.body("m", conversation(null, Message.text(Role.USER, "hi")), false);

        assertThat(body.path("chat_template_kwargs")).isEqualTo(json("{\"enable_thinking\":false}"));
    }

    @Test
    void theWireFormKeepsANullContent() throws Exception {
        ChatRequest request = conversation(null, message(Role.ASSISTANT, new ContentBlock.ToolUse("t", "Ping", null)));

        String wire = Json.mapper().writeValueAsString(ChatRequestMapper.body("m", request, null));

        assertThat(wire).contains("{\"role\":\"assistant\",\"content\":null,\"tool_calls\"");
    }
}
