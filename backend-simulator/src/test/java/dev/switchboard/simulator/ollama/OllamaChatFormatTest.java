package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.simulator.chat.Completion;
import dev.switchboard.simulator.chat.Timings;
import dev.switchboard.simulator.chat.Usage;
import dev.switchboard.simulator.script.FinishReason;
import dev.switchboard.simulator.script.Piece;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OllamaChatFormatTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OllamaChatFormat format = new OllamaChatFormat(mapper, "qwen3:8b");
    private final Completion completion = new Completion(FinishReason.TOOL_CALLS, new Usage(12, 0, 7),
            new Timings(5_000, 1_000, 2_000, 3_000));

    private JsonNode line(Piece piece) throws Exception {
        List<String> frames = format.streamPiece(piece);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0)).endsWith("\n").doesNotContain("\n\n");
        return mapper.readTree(frames.get(0));
    }

    @Test
    void writesATextTokenAsOneLine() throws Exception {
        JsonNode line = line(new Piece.Text(" there"));

        assertThat(line.fieldNames()).toIterable().containsExactly("model", "created_at", "message", "done");
        assertThat(line.path("model").asText()).isEqualTo("qwen3:8b");
        assertThat(Instant.parse(line.path("created_at").asText())).isNotNull();
        assertThat(line.path("message").toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\" there\"}");
        assertThat(line.path("done").asBoolean()).isFalse();
    }

    @Test
    void writesThinkingInMessageThinking() throws Exception {
        assertThat(line(new Piece.Thinking("Hmm")).path("message").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Hmm\"}");
    }

    @Test
    void writesAToolCallWithObjectArgumentsAnIdAndAnIndex() throws Exception {
        JsonNode call = line(new Piece.ToolCall(0, "Bash", "{\"command\":\"echo hi\"}", 9)).path("message").path("tool_calls").get(0);

        assertThat(call.path("id").asText()).matches("call_[a-z0-9]{8}");
        assertThat(call.path("function").toString())
                .isEqualTo("{\"index\":0,\"name\":\"Bash\",\"arguments\":{\"command\":\"echo hi\"}}");
    }

    @Test
    void endsWithDoneAndTheMetrics() throws Exception {
        List<String> frames = format.streamEnd(completion);

        JsonNode last = mapper.readTree(frames.get(0));
        assertThat(last.fieldNames()).toIterable().containsExactly("model", "created_at", "message", "done",
                "done_reason", "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
                "eval_count", "eval_duration");
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("eval_count").asInt()).isEqualTo(7);
        assertThat(last.path("total_duration").asLong()).isEqualTo(5_000);
    }

    @Test
    void wholeReplyCarriesEverythingInOneMessage() throws Exception {
        Piece call = new Piece.ToolCall(0, "Bash", "{\"command\":\"ls\"}", 5);
        JsonNode whole = mapper.readTree(format.whole(
                List.of(new Piece.Thinking("Hmm"), new Piece.Text("Hi"), new Piece.Text(" you"), call), completion));

        assertThat(whole.path("message").path("content").asText()).isEqualTo("Hi you");
        assertThat(whole.path("message").path("thinking").asText()).isEqualTo("Hmm");
        assertThat(whole.path("message").path("tool_calls").get(0).path("function").path("arguments").path("command").asText())
                .isEqualTo("ls");
        assertThat(whole.path("done").asBoolean()).isTrue();
    }

    @Test
    void reportsLengthAndErrorsTheOllamaWay() throws Exception {
        Completion cut = new Completion(FinishReason.LENGTH, new Usage(1, 0, 1), new Timings(1, 1, 1, 1));

        assertThat(mapper.readTree(format.streamEnd(cut).get(0)).path("done_reason").asText()).isEqualTo("length");
        assertThat(format.errorBody(503, "busy", "x")).isEqualTo("{\"error\":\"busy\"}");
        assertThat(format.streamError("broke")).containsExactly("{\"error\":\"broke\"}\n");
    }
}
