package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;

class PromptEstimatorTest {

    @ParameterizedTest(name = "{0} -> {1} bytes")
    @CsvSource({"abc, 3", "é, 2", "日本, 6", "😀, 4"})
    void countsUtf8Bytes(String text, long bytes) {
        assertThat(PromptEstimator.utf8Length(text)).isEqualTo(bytes);
    }

    @Test
    void countsOneTokenEveryThreeBytesPlusTemplateMarkupPerMessage() {
        OllamaPrompt prompt = prompt(new ChatRequest("x".repeat(300), List.of(Message.text(Role.USER, "y".repeat(600))),
                List.of(), null, Sampling.maxTokens(1)));

        assertThat(PromptEstimator.estimate(prompt)).isEqualTo(100 + 200 + 2 * PromptEstimator.TOKENS_PER_MESSAGE);
    }

    @Test
    void countsToolSchemasToolCallsReasoningAndImages() {
        ChatRequest bare = new ChatRequest(null, List.of(Message.text(Role.USER, "hi")), List.of(), null, Sampling.maxTokens(1));
        ChatRequest full = new ChatRequest(null, List.of(
                new Message(Role.USER, List.of(new ContentBlock.Text("hi"), new ContentBlock.Image("image/png", "AAAA".repeat(10_000)))),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("t".repeat(300), null),
                        new ContentBlock.ToolUse("toolu_1", "Write", object("{\"content\":\"" + "c".repeat(3000) + "\"}"))))),
                List.of(new ToolDefinition("Write", "d".repeat(3000), object("{\"type\":\"object\"}"))), null, Sampling.maxTokens(1));

        int extra = PromptEstimator.estimate(prompt(full)) - PromptEstimator.estimate(prompt(bare));

        // one image, 100 tokens of reasoning, 1000+ of tool input, 1000+ of tool description, one more message
        assertThat(extra).isGreaterThan(PromptEstimator.TOKENS_PER_IMAGE + 100 + 1000 + 1000 + PromptEstimator.TOKENS_PER_MESSAGE);
        // the image's base64 is not counted as text
        assertThat(extra).isLessThan(PromptEstimator.TOKENS_PER_IMAGE + 3000);
    }

    private static OllamaPrompt prompt(ChatRequest request) {
        return ChatRequestMapper.prompt(request);
    }
}
