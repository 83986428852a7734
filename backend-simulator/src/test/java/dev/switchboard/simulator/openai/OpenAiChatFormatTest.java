package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.chat.ChatFormat;
import dev.switchboard.simulator.chat.Completion;
import dev.switchboard.simulator.chat.Timings;
import dev.switchboard.simulator.chat.Usage;
import dev.switchboard.simulator.script.FinishReason;
import dev.switchboard.simulator.script.Piece;
import dev.switchboard.simulator.script.ToolStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiChatFormatTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Piece.ToolCall call = new Piece.ToolCall(1, "Bash", "{\"command\":\"echo hi\"}", 12);
    private final Completion completion = new Completion(FinishReason.TOOL_CALLS, new Usage(20, 8, 5), new Timings(1, 1, 1, 1));

    private JsonNode event(String frame) throws Exception {
        assertThat(frame).startsWith("data: ").endsWith("\n\n");
        return mapper.readTree(frame.substring("data: ".length()));
    }

    private ChatFormat format(boolean includeUsage) {
        return new OpenAiChatFormat(mapper, "m", "fp", includeUsage);
    }

    @Test
    void writesATokenAsAChunkWithRoleInTheDelta() throws Exception {
        JsonNode chunk = event(format(false).streamPiece(new Piece.Text(" hi")).get(0));

        assertThat(chunk.fieldNames()).toIterable().containsExactly("id", "object", "created", "model", "system_fingerprint", "choices");
        assertThat(chunk.path("id").asText()).startsWith("chatcmpl-");
        assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(chunk.path("choices").get(0).toString())
                .isEqualTo("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\" hi\"},\"logprobs\":null,\"finish_reason\":null}");
    }

    @Test
    void writesThinkingAsReasoning() throws Exception {
        JsonNode delta = event(format(false).streamPiece(new Piece.Thinking("Hmm")).get(0)).path("choices").get(0).path("delta");

        assertThat(delta.toString()).isEqualTo("{\"role\":\"assistant\",\"reasoning\":\"Hmm\"}");
    }

    @Test
    void sendsAToolCallWholeByDefault() throws Exception {
        List<String> frames = format(false).streamPiece(call);

        assertThat(frames).hasSize(1);
        JsonNode tc = event(frames.get(0)).path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(tc.path("index").asInt()).isEqualTo(1);
        assertThat(tc.path("id").asText()).startsWith("call_");
        assertThat(tc.path("type").asText()).isEqualTo("function");
        assertThat(tc.path("function").path("name").asText()).isEqualTo("Bash");
        assertThat(tc.path("function").path("arguments").asText()).isEqualTo("{\"command\":\"echo hi\"}");
    }

    @Test
    void sendsToolArgumentsInPiecesWhenAsked() throws Exception {
        List<String> frames = format(false).withToolStream(ToolStream.PIECES).streamPiece(call);

        assertThat(frames).hasSizeGreaterThan(2);
        JsonNode first = event(frames.get(0)).path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(first.path("id").asText()).startsWith("call_");
        assertThat(first.path("function").path("name").asText()).isEqualTo("Bash");
        assertThat(first.path("function").path("arguments").asText()).isEmpty();
        StringBuilder arguments = new StringBuilder();
        for (String frame : frames.subList(1, frames.size())) {
            JsonNode tc = event(frame).path("choices").get(0).path("delta").path("tool_calls").get(0);
            assertThat(tc.path("index").asInt()).isEqualTo(1);
            assertThat(tc.has("id")).isFalse();
            assertThat(tc.path("function").has("name")).isFalse();
            arguments.append(tc.path("function").path("arguments").asText());
        }
        assertThat(arguments).hasToString("{\"command\":\"echo hi\"}");
    }

    @Test
    void endsWithFinishReasonThenDoneAndUsageOnlyWhenAsked() throws Exception {
        List<String> plain = format(false).streamEnd(completion);
        List<String> withUsage = format(true).streamEnd(completion);

        assertThat(plain).hasSize(2).last().isEqualTo("data: [DONE]\n\n");
        assertThat(event(plain.get(0)).path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(withUsage).hasSize(3).last().isEqualTo("data: [DONE]\n\n");
        JsonNode usage = event(withUsage.get(1));
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").toString()).isEqualTo(
                "{\"prompt_tokens\":20,\"completion_tokens\":5,\"total_tokens\":25,\"prompt_tokens_details\":{\"cached_tokens\":8}}");
    }

    @Test
    void wholeCompletionHasNullContentWhenThereIsNoText() throws Exception {
        JsonNode whole = mapper.readTree(format(false).whole(List.of(call), completion));

        assertThat(whole.path("object").asText()).isEqualTo("chat.completion");
        JsonNode message = whole.path("choices").get(0).path("message");
        assertThat(message.has("content")).isTrue();
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").get(0).has("index")).isFalse();
        assertThat(whole.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(whole.path("usage").path("total_tokens").asInt()).isEqualTo(25);
    }

    @Test
    void writesErrorsInOpenAiShape() throws Exception {
        JsonNode error = mapper.readTree(format(false).errorBody(429, "slow down", "rate_limited")).path("error");
        List<String> inStream = new ArrayList<>(format(false).streamError("broke"));

        assertThat(error.path("message").asText()).isEqualTo("slow down");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limited");
        assertThat(inStream).hasSize(2).last().isEqualTo("data: [DONE]\n\n");
        assertThat(event(inStream.get(0)).path("error").path("type").asText()).isEqualTo("server_error");
    }
}
