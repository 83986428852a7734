package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.parse;
import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.resource;
import static dev.switchboard.gateway.anthropic.mapping.TestImages.base64;
import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    private static ChatRequest request(String system, List<Message> messages, List<ToolDefinition> tools) {
        return new ChatRequest(system, messages, tools, null, Sampling.maxTokens(1024));
    }

    private static ChatRequest user(ContentBlock... blocks) {
        return request(null, List.of(new Message(Role.USER, List.of(blocks))), List.of());
    }

    @Test
    void countsTextWithTheTokenizerPlusDocumentedOverheads() {
        int hello = counter.countText("Hello, world!");

        assertThat(hello).isBetween(3, 5);
        assertThat(counter.count(user(new ContentBlock.Text("Hello, world!"))))
                .isEqualTo(TokenCounter.PER_REQUEST + TokenCounter.PER_MESSAGE + hello);
        assertThat(counter.count(request("Be brief.", List.of(Message.text(Role.USER, "Hello, world!")), List.of())))
                .isEqualTo(TokenCounter.PER_REQUEST + 2 * TokenCounter.PER_MESSAGE + hello + counter.countText("Be brief."));
    }

    @Test
    void countsGrowWithContent() {
        int one = counter.count(user(new ContentBlock.Text("The quick brown fox.")));
        int two = counter.count(user(new ContentBlock.Text("The quick brown fox. ".repeat(50))));
        int more = counter.count(request(null, List.of(
                Message.text(Role.USER, "The quick brown fox. ".repeat(50)),
                Message.text(Role.ASSISTANT, "It jumps over the lazy dog."),
                Message.text(Role.SYSTEM, "Plan mode is on.")), List.of()));

        assertThat(one).isLessThan(two);
        assertThat(two).isLessThan(more);
    }

    @Test
    void countsEveryKindOfBlock() {
        ObjectNode input = (ObjectNode) parse("{\"command\":\"find . -name '*.java' | xargs wc -l\"}");
        int base = counter.count(user());

        assertThat(counter.count(user(new ContentBlock.Thinking("Let me think about the build first.", "sig"))))
                .isEqualTo(base + counter.countText("Let me think about the build first."));
        assertThat(counter.count(user(new ContentBlock.ToolUse("toolu_1", "Bash", input))))
                .isEqualTo(base + TokenCounter.PER_TOOL_BLOCK + counter.countText("Bash") + counter.countText(input.toString()));
        assertThat(counter.count(user(new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("4711 total")), false))))
                .isEqualTo(base + TokenCounter.PER_TOOL_BLOCK + counter.countText("4711 total"));
    }

    @Test
    void countsToolDefinitions() {
        ObjectNode schema = (ObjectNode) parse("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name\"}},\"required\":[\"city\"]}");
        ToolDefinition weather = new ToolDefinition("get_weather", "Current weather for a city", schema);
        int without = counter.count(request(null, List.of(Message.text(Role.USER, "Hi")), List.of()));
        int with = counter.count(request(null, List.of(Message.text(Role.USER, "Hi")), List.of(weather)));

        assertThat(with - without).isEqualTo(TokenCounter.PER_TOOL + counter.countText("get_weather")
                + counter.countText("Current weather for a city") + counter.countText(schema.toString()));
    }

    @Test
    void countsTheClaudeCodeRequestInAPlausibleRange() {
        AnthropicRequest request = AnthropicRequestMapper.toCanonical(
                resource("/anthropic/claude-code-2.1.197-first-request.json").get("body"), true);

        // 25 tools with long descriptions and schemas, a trimmed system prompt: some thousands of tokens.
        assertThat(counter.count(request.chat())).isBetween(3_000, 30_000);
    }

    @Test
    void aLongTextCountedAgainInAnotherRequestGetsTheSameCountFromMemory() {
        String prompt = "You are a careful coding assistant. Read the files before you change them. ".repeat(40);
        int fresh = counter.countText(prompt);
        long held = TokenCounter.rememberedChars();

        // A later turn carries the same text in a new String, as a newly parsed request does.
        int again = new TokenCounter().countText(new String(prompt.toCharArray()));

        assertThat(again).isEqualTo(fresh);
        assertThat(TokenCounter.rememberedChars()).as("remembered once").isEqualTo(held);
        assertThat(counter.countText(prompt + " One more sentence.")).isGreaterThan(fresh);
    }

    @Test
    void rememberedCountsKeepTheLatestTextsWithinTheirCharacterBound() {
        TokenCounter.RememberedCounts counts = new TokenCounter.RememberedCounts(2_000);
        counts.put("a".repeat(800), 100);
        counts.put("b".repeat(800), 100);
        assertThat(counts.get("a".repeat(800))).as("read, so the most recent now").isEqualTo(100);

        counts.put("c".repeat(800), 100);

        assertThat(counts.chars()).isEqualTo(1_600);
        assertThat(counts.get("b".repeat(800))).as("the least recently used went").isNull();
        assertThat(counts.get("a".repeat(800))).isEqualTo(100);
        assertThat(counts.get("c".repeat(800))).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({
            "200, 100, 27",        // 20,000 px / 750
            "1000, 1000, 1334",    // under both limits
            "1092, 1092, 1590",    // Anthropic's example of a large square image
            "1568, 100, 210",      // long edge at the limit
            "3136, 200, 210",      // long edge twice the limit: halved first
            "4000, 3000, 1598"})   // scaled to fit about 1.2 megapixels
    void sizesImagesByAnthropicsRule(int width, int height, int tokens) {
        assertThat(TokenCounter.imageTokens(width, height)).isEqualTo(tokens);
    }

    @Test
    void readsImageSizesFromPngAndJpegHeaders() {
        int base = counter.count(user());
        ContentBlock png = new ContentBlock.Image("image/png", base64(TestImages.png(200, 100)));
        ContentBlock jpeg = new ContentBlock.Image("image/jpeg", base64(TestImages.jpeg(1000, 1000, 0)));
        ContentBlock unreadable = new ContentBlock.Image("image/png", "AAAAAAAAAAAA");

        assertThat(counter.count(user(png))).isEqualTo(base + 27);
        assertThat(counter.count(user(jpeg))).isEqualTo(base + 1334);
        assertThat(counter.count(user(unreadable))).isEqualTo(base + TokenCounter.UNREADABLE_IMAGE);
        assertThat(counter.count(user(new ContentBlock.ToolResult("toolu_1", List.of(png), false))))
                .isEqualTo(base + TokenCounter.PER_TOOL_BLOCK + 27);
    }

    @Test
    void countsAMultiMegabyteRequest() {
        String code = """
                public final class Example%d {
                    private final Map<String, List<Integer>> index = new HashMap<>();
                    void add(String key, int value) { index.computeIfAbsent(key, k -> new ArrayList<>()).add(value); }
                }
                """;
        StringBuilder file = new StringBuilder();
        for (int i = 0; file.length() < 100_000; i++) {
            file.append(code.formatted(i));
        }
        List<Message> messages = new ArrayList<>();
        for (int turn = 0; turn < 25; turn++) {
            String id = "toolu_" + turn;
            messages.add(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse(id, "Read",
                    (ObjectNode) parse("{\"file_path\":\"/src/Example" + turn + ".java\"}")))));
            messages.add(new Message(Role.USER, List.of(new ContentBlock.ToolResult(id,
                    List.of(new ContentBlock.Text(file.toString())), false))));
        }
        messages.add(Message.text(Role.USER, "x".repeat(1_000_000)));
        ChatRequest large = request("You are a coding agent.", messages, List.of());

        int tokens = counter.count(large);

        assertThat(tokens).isGreaterThan(25 * counter.countText(file.toString()));
    }
}
