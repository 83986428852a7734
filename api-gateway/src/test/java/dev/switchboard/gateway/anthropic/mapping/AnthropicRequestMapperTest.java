package dev.switchboard.gateway.anthropic.mapping;

import dev.switchboard.gateway.front.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.parse;
import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.remove;
import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.replace;
import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.resource;
import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AnthropicRequestMapperTest {

    /** A small valid tool round trip; the tables edit it. */
    private static final String BASE = """
            {
              "model": "qwen3-coder",
              "max_tokens": 1024,
              "system": "Be brief.",
              "tools": [{"name": "get_weather", "description": "Current weather",
                         "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
              "messages": [
                {"role": "user", "content": "Weather in Paris?"},
                {"role": "assistant", "content": [
                  {"type": "text", "text": "Checking."},
                  {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C"}]}
              ]
            }""";

    private static final String PNG_1X1 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static AnthropicRequest map(UnaryOperator<JsonNode> edit) {
        return AnthropicRequestMapper.toCanonical(edit.apply(parse(BASE)), true);
    }

    @Test
    void theCapturedClaudeCodeRequestMaps() {
        JsonNode body = resource("/anthropic/claude-code-2.1.197-first-request.json").get("body");

        AnthropicRequest request = AnthropicRequestMapper.toCanonical(body, true);

        assertThat(request.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(request.stream()).isTrue();
        assertThat(request.metadataSessionId()).isEqualTo("b3e762bd-fe78-4c8f-b762-c2d0e0f1cd94");
        ChatRequest chat = request.chat();
        assertThat(chat.tools()).hasSize(25);
        assertThat(chat.tools()).allSatisfy(tool -> {
            assertThat(tool.name()).isNotBlank();
            assertThat(tool.inputSchema().path("type").asText()).isEqualTo("object");
        });
        assertThat(chat.tools().getFirst().name()).isEqualTo("Agent");
        // The billing header block is dropped; the other two system blocks are kept, in order.
        assertThat(chat.system())
                .startsWith("You are a Claude agent, built on Anthropic's Claude Agent SDK.\n\n\nYou are an interactive agent")
                .doesNotContain("x-anthropic-billing-header");
        assertThat(chat.sampling().maxTokens()).isEqualTo(32000);
        assertThat(chat.sampling().thinking()).isEqualTo(new ThinkingConfig(true, 31999));
        assertThat(chat.messages()).hasSize(1);
        Message first = chat.messages().getFirst();
        assertThat(first.role()).isEqualTo(Role.USER);
        assertThat(first.content()).hasSize(4).allMatch(ContentBlock.Text.class::isInstance);
        assertThat(((ContentBlock.Text) first.content().getLast()).text()).isEqualTo("Say hello");
    }

    @Test
    void theCapturedRequestAlsoMapsForCountTokensWithoutMaxTokens() {
        ObjectNode body = (ObjectNode) resource("/anthropic/claude-code-2.1.197-first-request.json").get("body");
        body.remove("max_tokens");
        body.remove("stream");

        AnthropicRequest request = AnthropicRequestMapper.toCanonical(body, false);

        assertThat(request.chat().sampling().maxTokens()).isEqualTo(1);
        assertThat(request.stream()).isFalse();
        assertThat(request.chat().tools()).hasSize(25);
        assertThatThrownBy(() -> AnthropicRequestMapper.toCanonical(body, true))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("max_tokens: field required");
    }

    @Test
    void theHandWrittenToolRoundTripMapsInOrder() {
        JsonNode body = resource("/anthropic/tool-round-trip-by-hand.json").get("body");

        AnthropicRequest request = AnthropicRequestMapper.toCanonical(body, true);

        ChatRequest chat = request.chat();
        assertThat(request.metadataSessionId()).isEqualTo("0d9c7a52-3f0e-4b6a-9a8e-1c2d3e4f5a6b");
        assertThat(chat.system()).isEqualTo("You are Claude Code, Anthropic's official CLI for Claude.\n\n"
                + "\nYou are an interactive agent that helps users with software engineering tasks.");
        assertThat(chat.tools()).extracting(t -> t.name()).containsExactly("Bash", "Read");
        assertThat(chat.toolChoice()).isEqualTo(ToolChoice.auto());
        assertThat(chat.sampling().temperature()).isEqualTo(1.0);
        assertThat(chat.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER, Role.SYSTEM);

        List<ContentBlock> assistant = chat.messages().get(1).content();
        assertThat(assistant.get(0)).isEqualTo(new ContentBlock.Thinking("I should count the files first.",
                "EqQBCkYIBxgCKkBsaWdodGx5IGZha2Ugc2lnbmF0dXJl"));
        assertThat(assistant.get(1)).isEqualTo(new ContentBlock.Text("Let me count them."));
        ContentBlock.ToolUse bash = (ContentBlock.ToolUse) assistant.get(2);
        assertThat(bash.id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(bash.input().get("command").asText()).isEqualTo("find src -name '*.java' | wc -l");

        List<ContentBlock> firstResult = chat.messages().get(2).content();
        assertThat(firstResult.get(0)).isEqualTo(new ContentBlock.ToolResult("toolu_01A09q90qw90lq917835lq9",
                List.of(new ContentBlock.Text("42")), false));
        assertThat(firstResult.get(1)).isInstanceOf(ContentBlock.Text.class);

        // redacted_thinking is dropped; the tool call stays.
        assertThat(chat.messages().get(3).content()).singleElement().isInstanceOf(ContentBlock.ToolUse.class);
        ContentBlock.ToolResult read = (ContentBlock.ToolResult) chat.messages().get(4).content().getFirst();
        assertThat(read.text()).contains("System.out.println(\"hello\")");
        assertThat(chat.messages().getLast()).isEqualTo(Message.text(Role.SYSTEM, "The user changed the permission mode to 'plan'."));
    }

    static Stream<Arguments> validVariants() {
        return Stream.of(
                valid("system as a string", set("system", "\"Be brief.\""),
                        c -> assertThat(c.system()).isEqualTo("Be brief.")),
                valid("system as text blocks with cache_control",
                        set("system", "[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\",\"cache_control\":{\"type\":\"ephemeral\"}}]"),
                        c -> assertThat(c.system()).isEqualTo("One.\n\nTwo.")),
                valid("system billing header block dropped",
                        set("system", "[{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=2.1.200; cch=12345;\"},{\"type\":\"text\",\"text\":\"Rules.\"}]"),
                        c -> assertThat(c.system()).isEqualTo("Rules.")),
                valid("no system", remove("system"), c -> assertThat(c.system()).isNull()),
                valid("system null", set("system", "null"), c -> assertThat(c.system()).isNull()),
                valid("content as a string", set("messages.0.content", "\"Hi\""),
                        c -> assertThat(c.messages().getFirst()).isEqualTo(Message.text(Role.USER, "Hi"))),
                valid("content as an array", set("messages.0.content", "[{\"type\":\"text\",\"text\":\"Hi\",\"citations\":null}]"),
                        c -> assertThat(c.messages().getFirst()).isEqualTo(Message.text(Role.USER, "Hi"))),
                valid("empty string content carries no block", set("messages.0.content", "\"\""),
                        c -> assertThat(c.messages().getFirst().content()).isEmpty()),
                valid("system message last", set("messages.3", "{\"role\":\"system\",\"content\":\"Plan mode is on.\"}"),
                        c -> assertThat(c.messages().getLast()).isEqualTo(Message.text(Role.SYSTEM, "Plan mode is on."))),
                valid("system message first, as blocks", set("messages.0", "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Note.\"}]}"),
                        c -> assertThat(c.messages().getFirst()).isEqualTo(Message.text(Role.SYSTEM, "Note."))),
                valid("thinking adaptive", set("thinking", "{\"type\":\"adaptive\"}"),
                        c -> assertThat(c.sampling().thinking()).isEqualTo(new ThinkingConfig(true, null))),
                valid("thinking disabled", set("thinking", "{\"type\":\"disabled\"}"),
                        c -> assertThat(c.sampling().thinking()).isEqualTo(ThinkingConfig.off())),
                valid("thinking enabled with budget", set("thinking", "{\"type\":\"enabled\",\"budget_tokens\":2048}"),
                        c -> assertThat(c.sampling().thinking()).isEqualTo(new ThinkingConfig(true, 2048))),
                valid("no thinking", remove("thinking"),
                        c -> assertThat(c.sampling().thinking()).isEqualTo(ThinkingConfig.off())),
                valid("image in a user message",
                        set("messages.0.content", "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG_1X1 + "\"}},{\"type\":\"text\",\"text\":\"What is this?\"}]"),
                        c -> assertThat(c.messages().getFirst().content().getFirst()).isEqualTo(new ContentBlock.Image("image/png", PNG_1X1))),
                valid("image in a tool result",
                        set("messages.2.content.0.content", "[{\"type\":\"text\",\"text\":\"screenshot:\"},{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG_1X1 + "\"}}]"),
                        c -> assertThat(((ContentBlock.ToolResult) c.messages().get(2).content().getFirst()).content())
                                .containsExactly(new ContentBlock.Text("screenshot:"), new ContentBlock.Image("image/png", PNG_1X1))),
                valid("tool result kept in the user message, error flag read", set("messages.2.content.0.is_error", "true"),
                        c -> {
                            assertThat(c.messages().get(2).role()).isEqualTo(Role.USER);
                            assertThat(c.messages().get(2).content().getFirst())
                                    .isEqualTo(new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("18°C")), true));
                        }),
                valid("tool result without content", remove("messages.2.content.0.content"),
                        c -> assertThat(((ContentBlock.ToolResult) c.messages().get(2).content().getFirst()).content()).isEmpty()),
                valid("unknown top-level fields ignored", body -> {
                    ObjectNode root = (ObjectNode) body;
                    root.set("context_management", parse("{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]}"));
                    root.set("output_config", parse("{\"effort\":\"high\"}"));
                    root.put("service_tier", "auto");
                    root.set("container", parse("null"));
                    root.set("mcp_servers", parse("[]"));
                    return root;
                }, c -> assertThat(c.messages()).hasSize(3)),
                valid("server tools skipped, typed tools with a schema kept", set("tools.1",
                        "{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":3}").andThen(set("tools.2",
                        "{\"type\":\"custom\",\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\"}}"))::apply,
                        c -> assertThat(c.tools()).extracting(t -> t.name()).containsExactly("get_weather", "lookup")),
                valid("tool_choice any without parallel calls", set("tool_choice", "{\"type\":\"any\",\"disable_parallel_tool_use\":true}"),
                        c -> assertThat(c.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.ANY, null, true))),
                valid("tool_choice tool", set("tool_choice", "{\"type\":\"tool\",\"name\":\"get_weather\"}"),
                        c -> assertThat(c.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.TOOL, "get_weather", false))),
                valid("tool_choice none", set("tool_choice", "{\"type\":\"none\"}"),
                        c -> assertThat(c.toolChoice().mode()).isEqualTo(ToolChoice.Mode.NONE)),
                valid("sampling parameters", set("temperature", "0").andThen(set("top_p", "0.9")).andThen(set("top_k", "40"))
                                .andThen(set("stop_sequences", "[\"END\",\"\\n\\nHuman:\"]"))::apply,
                        c -> {
                            assertThat(c.sampling().temperature()).isEqualTo(0.0);
                            assertThat(c.sampling().topP()).isEqualTo(0.9);
                            assertThat(c.sampling().topK()).isEqualTo(40);
                            assertThat(c.sampling().stopSequences()).containsExactly("END", "\n\nHuman:");
                        }),
                valid("top_k 0 accepted, as Anthropic does", set("top_k", "0"),
                        c -> assertThat(c.sampling().topK()).isZero()),
                valid("max_tokens written as 1024.0", set("max_tokens", "1024.0"),
                        c -> assertThat(c.sampling().maxTokens()).isEqualTo(1024)),
                valid("optional fields sent as null", set("tools", "null").andThen(set("temperature", "null"))
                                .andThen(set("messages.1.content", "\"Sunny.\"")).andThen(remove("messages.2"))
                                .andThen(set("stop_sequences", "null")).andThen(set("metadata", "null"))::apply,
                        c -> {
                            assertThat(c.tools()).isEmpty();
                            assertThat(c.sampling().temperature()).isNull();
                        }),
                valid("redacted thinking dropped, thinking kept with its signature",
                        set("messages.1.content", "[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"c2ln\"},"
                                + "{\"type\":\"redacted_thinking\",\"data\":\"xyz\"},"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}]"),
                        c -> assertThat(c.messages().get(1).content()).containsExactly(
                                new ContentBlock.Thinking("hmm", "c2ln"),
                                new ContentBlock.ToolUse("toolu_1", "get_weather", (ObjectNode) parse("{}")))));
    }

    private static Arguments valid(String name, UnaryOperator<JsonNode> edit, Consumer<ChatRequest> check) {
        return arguments(name, edit, check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVariants")
    void acceptsValidVariants(String name, UnaryOperator<JsonNode> edit, Consumer<ChatRequest> check) {
        check.accept(map(edit).chat());
    }

    static Stream<Arguments> invalidBodies() {
        String tooLong = "m".repeat(257);
        return Stream.of(
                invalid(replace("[]"), "body", "expected a JSON object, got an array"),
                invalid(replace("\"hello\""), "body", "expected a JSON object, got a string"),
                invalid(replace("null"), "body", "expected a JSON object, got null"),
                invalid(remove("model"), "model", "field required"),
                invalid(set("model", "\"  \""), "model", "must not be empty"),
                invalid(set("model", "42"), "model", "expected a string, got a number"),
                invalid(set("model", "\"" + tooLong + "\""), "model", "must be at most 256 characters"),
                invalid(remove("max_tokens"), "max_tokens", "field required"),
                invalid(set("max_tokens", "\"abc\""), "max_tokens", "expected an integer, got a string"),
                invalid(set("max_tokens", "0"), "max_tokens", "must be at least 1, got 0"),
                invalid(set("max_tokens", "-5"), "max_tokens", "must be at least 1, got -5"),
                invalid(set("max_tokens", "1.5"), "max_tokens", "expected an integer, got 1.5"),
                invalid(set("max_tokens", "1000000000000"), "max_tokens", "must be at most 2147483647"),
                invalid(set("stream", "\"yes\""), "stream", "expected a boolean, got a string"),
                invalid(remove("messages"), "messages", "field required"),
                invalid(set("messages", "[]"), "messages", "must hold at least one message"),
                invalid(set("messages", "{}"), "messages", "expected an array, got an object"),
                invalid(set("messages.0", "\"hi\""), "messages.0", "expected an object, got a string"),
                invalid(set("messages.0.role", "\"tool\""), "messages.0.role", "unknown role 'tool'; expected user, assistant or system"),
                invalid(remove("messages.0.role"), "messages.0.role", "field required"),
                invalid(remove("messages.0.content"), "messages.0.content", "field required"),
                invalid(set("messages.0.content", "5"), "messages.0.content", "expected a string or an array of content blocks, got a number"),
                invalid(set("messages.1.content.0.type", "\"foo\""), "messages.1.content.0.type",
                        "unknown content block type 'foo'; expected one of text, image, tool_use, tool_result, thinking, redacted_thinking"),
                invalid(remove("messages.1.content.0.type"), "messages.1.content.0.type", "field required"),
                invalid(set("messages.1.content.0", "[]"), "messages.1.content.0", "expected an object, got an array"),
                invalid(set("messages.1.content.0.text", "7"), "messages.1.content.0.text", "expected a string, got a number"),
                invalid(set("messages.1.content.1.input", "\"city=Paris\""), "messages.1.content.1.input", "expected an object, got a string"),
                invalid(set("messages.1.content.1.input", "[\"Paris\"]"), "messages.1.content.1.input", "expected an object, got an array"),
                invalid(remove("messages.1.content.1.input"), "messages.1.content.1.input", "field required"),
                invalid(remove("messages.1.content.1.id"), "messages.1.content.1.id", "field required"),
                invalid(set("messages.1.content.1.name", "\"\""), "messages.1.content.1.name", "must not be empty"),
                invalid(set("messages.2.content.0.tool_use_id", "\"toolu_nope\""), "messages.2.content.0.tool_use_id",
                        "'toolu_nope' matches no tool_use block of an earlier assistant message"),
                invalid(set("messages.0.content", "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"early\"}]"),
                        "messages.0.content.0.tool_use_id", "'toolu_1' matches no tool_use block of an earlier assistant message"),
                invalid(set("messages.1.content.2", "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\"}"),
                        "messages.1.content.2", "tool_result blocks belong in user messages, not in assistant messages"),
                invalid(set("messages.0.content", "[{\"type\":\"tool_use\",\"id\":\"toolu_0\",\"name\":\"get_weather\",\"input\":{}}]"),
                        "messages.0.content.0", "tool_use blocks belong in assistant messages"),
                invalid(set("messages.0.content", "[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"y\"}]"),
                        "messages.0.content.0", "thinking blocks belong in assistant messages"),
                invalid(set("messages.3", "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}]}"),
                        "messages.3.content.0.id", "tool_use id 'toolu_1' is used by an earlier tool_use block"),
                invalid(set("messages.0.content", "[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/cat.png\"}}]"),
                        "messages.0.content.0.source.type", "only base64 images are supported, got 'url'"),
                invalid(set("messages.0.content", "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/bmp\",\"data\":\"Qk0=\"}}]"),
                        "messages.0.content.0.source.media_type", "unsupported image type 'image/bmp'"),
                invalid(set("messages.0.content", "[{\"type\":\"image\"}]"), "messages.0.content.0.source", "field required"),
                invalid(set("messages.0.content", "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"\"}}]"),
                        "messages.0.content.0.source.data", "must not be empty"),
                invalid(set("messages.3", "{\"role\":\"system\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG_1X1 + "\"}}]}"),
                        "messages.3.content.0", "image blocks belong in user messages, not in system messages"),
                invalid(set("messages.2.content.0.content", "5"), "messages.2.content.0.content", "expected a string or an array of text and image blocks"),
                invalid(set("messages.2.content.0.content", "[{\"type\":\"document\",\"source\":{}}]"),
                        "messages.2.content.0.content.0.type", "unsupported block type 'document' in a tool result; expected text or image"),
                invalid(set("messages.2.content.0.is_error", "\"no\""), "messages.2.content.0.is_error", "expected a boolean"),
                invalid(set("system", "5"), "system", "expected a string or an array of text blocks, got a number"),
                invalid(set("system", "[{\"type\":\"image\"}]"), "system.0.type", "a system prompt holds text blocks only, got 'image'"),
                invalid(set("system", "[{\"type\":\"text\"}]"), "system.0.text", "field required"),
                invalid(set("temperature", "1.5"), "temperature", "must be between 0 and 1, got 1.5"),
                invalid(set("temperature", "-0.1"), "temperature", "must be between 0 and 1, got -0.1"),
                invalid(set("temperature", "\"hot\""), "temperature", "expected a number, got a string"),
                invalid(set("top_p", "2"), "top_p", "must be between 0 and 1, got 2"),
                invalid(set("top_k", "-1"), "top_k", "must be 0 or more, got -1"),
                invalid(set("top_k", "2.5"), "top_k", "expected an integer, got 2.5"),
                invalid(set("stop_sequences", "\"END\""), "stop_sequences", "expected an array, got a string"),
                invalid(set("stop_sequences", "[\"END\", 3]"), "stop_sequences.1", "expected a string, got a number"),
                invalid(set("stop_sequences", "[\"\"]"), "stop_sequences.0", "must not be empty"),
                invalid(set("tools", "{}"), "tools", "expected an array, got an object"),
                invalid(set("tools.0", "true"), "tools.0", "expected an object, got a boolean"),
                invalid(remove("tools.0.name"), "tools.0.name", "field required"),
                invalid(set("tools.0.input_schema", "\"object\""), "tools.0.input_schema", "expected an object, got a string"),
                invalid(remove("tools.0.input_schema"), "tools.0.input_schema", "field required"),
                invalid(set("tools.1", "{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}"), "tools.1.name",
                        "tool 'get_weather' is defined twice"),
                invalid(set("tool_choice", "{\"type\":\"tool\"}"), "tool_choice.name", "field required"),
                invalid(set("tool_choice", "{\"type\":\"tool\",\"name\":\"nope\"}"), "tool_choice.name", "no tool named 'nope' in tools"),
                invalid(set("tool_choice", "{\"type\":\"sometimes\"}"), "tool_choice.type", "unknown tool choice 'sometimes'; expected auto, any, tool or none"),
                invalid(set("tool_choice", "\"auto\""), "tool_choice", "expected an object, got a string"),
                invalid(set("tool_choice", "{\"type\":\"any\",\"disable_parallel_tool_use\":\"yes\"}"), "tool_choice.disable_parallel_tool_use", "expected a boolean"),
                invalid(set("thinking", "{\"type\":\"enabled\"}"), "thinking.budget_tokens", "field required"),
                invalid(set("thinking", "{\"type\":\"enabled\",\"budget_tokens\":100}"), "thinking.budget_tokens", "must be at least 1024, got 100"),
                invalid(set("thinking", "{\"type\":\"enabled\",\"budget_tokens\":\"lots\"}"), "thinking.budget_tokens", "expected an integer, got a string"),
                invalid(set("thinking", "{\"type\":\"on\"}"), "thinking.type", "unknown thinking type 'on'; expected enabled, adaptive or disabled"),
                invalid(set("thinking", "true"), "thinking", "expected an object, got a boolean"),
                invalid(set("metadata", "\"user-1\""), "metadata", "expected an object, got a string"),
                invalid(set("metadata", "{\"user_id\":5}"), "metadata.user_id", "expected a string, got a number"));
    }

    private static Arguments invalid(UnaryOperator<JsonNode> edit, String path, String problem) {
        return arguments(path + ": " + problem, edit, path, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void refusesInvalidBodiesNamingThePath(String name, UnaryOperator<JsonNode> edit, String path, String problem) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> map(edit));

        assertThat(e).as("no exception for " + name).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).startsWith(path + ": ").contains(problem);
    }

    @Test
    void aMissingBodyIsRefusedToo() {
        assertThatThrownBy(() -> AnthropicRequestMapper.toCanonical(null, true))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("body: expected a JSON object, got nothing");
    }

    @Test
    void countTokensIgnoresMaxTokensEvenWhenMalformed() {
        AnthropicRequest request = AnthropicRequestMapper.toCanonical(set("max_tokens", "\"abc\"").apply(parse(BASE)), false);

        assertThat(request.chat().sampling().maxTokens()).isEqualTo(1);
    }

    static Stream<Arguments> userIds() {
        return Stream.of(
                arguments("{\"device_id\":\"abc\",\"account_uuid\":\"\",\"session_id\":\"b3e762bd-fe78-4c8f-b762-c2d0e0f1cd94\"}",
                        "b3e762bd-fe78-4c8f-b762-c2d0e0f1cd94"),
                arguments("user_0123abcd_account_9f8e7d6c-0000-1111-2222-333344445555_session_5b2c9a10-aaaa-bbbb-cccc-ddddeeeeffff",
                        "5b2c9a10-aaaa-bbbb-cccc-ddddeeeeffff"),
                arguments("{\"device_id\":\"abc\",\"session_id\":\"\"}", null),
                arguments("{\"device_id\":\"abc\"}", null),
                arguments("{not json", null),
                arguments("customer-42", null),
                arguments("", null));
    }

    @ParameterizedTest
    @MethodSource("userIds")
    void readsTheSessionIdFromMetadataUserId(String userId, String sessionId) {
        ObjectNode body = (ObjectNode) parse(BASE);
        body.putObject("metadata").put("user_id", userId);

        assertThat(AnthropicRequestMapper.toCanonical(body, true).metadataSessionId()).isEqualTo(sessionId);
    }

    /**
     * Whatever a client sends, the mapper answers a request or an InvalidRequestException: thousands of
     * random edits of a realistic request (wrong types, nulls, missing fields) never end in anything else.
     */
    @Test
    void randomlyBrokenRequestsOnlyEverFailWithInvalidRequestException() {
        JsonNode original = resource("/anthropic/tool-round-trip-by-hand.json").get("body");
        JsonNode[] replacements = {parse("null"), parse("0"), parse("-1"), parse("1.5"), parse("1e300"), parse("\"\""),
                parse("\"x\""), parse("true"), parse("[]"), parse("{}"), parse("[1,\"a\"]"), parse("{\"type\":\"text\"}"),
                parse("{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"!!!\"}}")};
        Random random = new Random(20261121);
        TokenCounter counter = new TokenCounter();
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            JsonNode body = original.deepCopy();
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                mutate(body, random, replacements);
            }
            boolean countTokens = random.nextBoolean();
            try {
                AnthropicRequest request = AnthropicRequestMapper.toCanonical(body, !countTokens);
                assertThat(counter.count(request.chat())).isPositive();
                accepted++;
            } catch (InvalidRequestException expected) {
                assertThat(expected.getMessage()).contains(": ");
            }
        }
        assertThat(accepted).as("some edits leave a valid request").isPositive();
    }

    private static void mutate(JsonNode body, Random random, JsonNode[] replacements) {
        List<JsonNode> containers = new ArrayList<>();
        collect(body, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target.isEmpty()) {
            return;
        }
        JsonNode replacement = replacements[random.nextInt(replacements.length)].deepCopy();
        boolean drop = random.nextInt(4) == 0;
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (drop) {
                object.remove(name);
            } else {
                object.set(name, replacement);
            }
        } else if (target instanceof ArrayNode array) {
            int index = random.nextInt(array.size());
            if (drop) {
                array.remove(index);
            } else {
                array.set(index, replacement);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }
}
