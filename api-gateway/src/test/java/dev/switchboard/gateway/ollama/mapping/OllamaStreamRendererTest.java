package dev.switchboard.gateway.ollama.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.gateway.front.FrontJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class OllamaStreamRendererTest {

    private static final String JOB = "msg_1";
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00.123456789Z");
    private long seq;

    private OllamaStreamRenderer renderer(OllamaStreamRenderer.Endpoint endpoint) {
        return new OllamaStreamRenderer("qwen3:8b", endpoint, () -> NOW);
    }

    private List<JsonNode> feed(OllamaStreamRenderer renderer, StreamEvent... events) {
        List<JsonNode> lines = new ArrayList<>();
        for (StreamEvent event : events) {
            renderer.on(event).forEach(line -> lines.add(json(line)));
        }
        return lines;
    }

    private StreamEvent done(StopReason reason) {
        return new StreamEvent.Done(JOB, seq++, reason, null, new Usage(26, 0, 282), new Timings(2, 340L, 4875));
    }

    @Test
    void aChatStreamIsMessageLinesThenTheFinalLineWithCountsAndNanoseconds() {
        List<JsonNode> lines = feed(renderer(OllamaStreamRenderer.Endpoint.CHAT), new StreamEvent.Started(JOB, seq++, "w", 2),
                new StreamEvent.ThinkingDelta(JOB, seq++, "Hmm."), new StreamEvent.TextDelta(JOB, seq++, "The"), done(StopReason.END_TURN));

        assertThat(lines).containsExactly(
                json("""
                        {"model":"qwen3:8b","created_at":"2026-12-06T08:00:00.123456789Z","message":{"role":"assistant","content":"","thinking":"Hmm."},"done":false}"""),
                json("""
                        {"model":"qwen3:8b","created_at":"2026-12-06T08:00:00.123456789Z","message":{"role":"assistant","content":"The"},"done":false}"""),
                json("""
                        {"model":"qwen3:8b","created_at":"2026-12-06T08:00:00.123456789Z","message":{"role":"assistant","content":""},
                         "done":true,"done_reason":"stop","total_duration":4877000000,"load_duration":2000000,"prompt_eval_count":26,
                         "prompt_eval_duration":340000000,"eval_count":282,"eval_duration":4535000000}"""));
    }

    @Test
    void aToolCallIsALineWithArgumentsAsAnObjectAndTheWholeAnswerHasItToo() {
        OllamaStreamRenderer renderer = renderer(OllamaStreamRenderer.Endpoint.CHAT);
        List<JsonNode> lines = feed(renderer, new StreamEvent.ToolCall(JOB, seq++, "call_1", "weather", (ObjectNode) json("{\"city\":\"Paris\"}")),
                done(StopReason.TOOL_USE));

        assertThat(lines.getFirst().get("message")).isEqualTo(json("""
                {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"name":"weather","arguments":{"city":"Paris"}}}]}"""));
        assertThat(lines.getLast().get("done_reason").asText()).isEqualTo("stop");
        assertThat(renderer.whole().get("message")).isEqualTo(json("""
                {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"name":"weather","arguments":{"city":"Paris"}}}]}"""));
    }

    @Test
    void aGenerateStreamPutsTextInResponseAndTheWholeAnswerJoinsIt() {
        OllamaStreamRenderer renderer = renderer(OllamaStreamRenderer.Endpoint.GENERATE);
        List<JsonNode> lines = feed(renderer, new StreamEvent.ThinkingDelta(JOB, seq++, "Think."), new StreamEvent.TextDelta(JOB, seq++, "Blue "),
                new StreamEvent.TextDelta(JOB, seq++, "light."), done(StopReason.END_TURN));

        assertThat(lines.get(0)).isEqualTo(json("""
                {"model":"qwen3:8b","created_at":"2026-12-06T08:00:00.123456789Z","response":"","thinking":"Think.","done":false}"""));
        assertThat(lines.get(1).get("response").asText()).isEqualTo("Blue ");
        JsonNode whole = renderer.whole();
        assertThat(whole.get("response").asText()).isEqualTo("Blue light.");
        assertThat(whole.get("thinking").asText()).isEqualTo("Think.");
        assertThat(whole.get("done").asBoolean()).isTrue();
        assertThat(whole.get("eval_count").asInt()).isEqualTo(282);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"END_TURN, stop", "STOP_SEQUENCE, stop", "TOOL_USE, stop", "MAX_TOKENS, length"})
    void doneReasons(StopReason reason, String doneReason) {
        List<JsonNode> lines = feed(renderer(OllamaStreamRenderer.Endpoint.CHAT), done(reason));
        assertThat(lines.getLast().get("done_reason").asText()).isEqualTo(doneReason);
    }

    @Test
    void anErrorAfterTheStartIsAnErrorLineAndNothingFollows() {
        OllamaStreamRenderer renderer = renderer(OllamaStreamRenderer.Endpoint.CHAT);
        List<JsonNode> lines = feed(renderer, new StreamEvent.TextDelta(JOB, seq++, "Half"),
                new StreamEvent.Error(JOB, seq++, ErrorType.INTERRUPTED, "the worker stopped"));

        assertThat(lines.getLast()).isEqualTo(json("{\"error\":\"the worker stopped\"}"));
        assertThat(renderer.on(new StreamEvent.TextDelta(JOB, seq++, "more"))).isEmpty();
    }
}
