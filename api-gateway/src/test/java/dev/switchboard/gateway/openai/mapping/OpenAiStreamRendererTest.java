package dev.switchboard.gateway.openai.mapping;

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

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.gateway.front.FrontJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiStreamRendererTest {

    private static final String JOB = "msg_01";
    private static final Timings TIMINGS = new Timings(1, 20L, 300);
    private long seq;

    private List<String> feed(OpenAiStreamRenderer renderer, StreamEvent... events) {
        List<String> out = new ArrayList<>();
        for (StreamEvent event : events) {
            out.addAll(renderer.on(event));
        }
        return out;
    }

    private StreamEvent started() {
        return new StreamEvent.Started(JOB, seq++, "w", 1);
    }

    private StreamEvent text(String text) {
        return new StreamEvent.TextDelta(JOB, seq++, text);
    }

    private StreamEvent done(StopReason reason) {
        return new StreamEvent.Done(JOB, seq++, reason, null, new Usage(30, 10, 5), TIMINGS);
    }

    private StreamEvent call(String id, String name, String input) {
        return new StreamEvent.ToolCall(JOB, seq++, id, name, (ObjectNode) json(input));
    }

    @Test
    void aTextAnswerIsARoleChunkTextChunksAFinishChunkThenDone() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("chatcmpl-1", "gpt-local", 1700000000, false);
        List<String> out = feed(renderer, started(), text("Hel"), text("lo"), done(StopReason.END_TURN));

        assertThat(out).hasSize(5);
        assertThat(json(out.get(0))).isEqualTo(json("""
                {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-local",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"""));
        assertThat(json(out.get(1)).at("/choices/0/delta")).isEqualTo(json("{\"content\":\"Hel\"}"));
        assertThat(json(out.get(2)).at("/choices/0/delta")).isEqualTo(json("{\"content\":\"lo\"}"));
        assertThat(json(out.get(3)).at("/choices/0")).isEqualTo(json("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}"));
        assertThat(out.get(4)).isEqualTo("[DONE]");
        assertThat(json(out.get(1)).has("usage")).isFalse();
    }

    @Test
    void withIncludeUsageEveryChunkHasANullUsageAndAUsageChunkComesLast() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("chatcmpl-1", "m", 1, true);
        List<String> out = feed(renderer, started(), text("x"), done(StopReason.END_TURN));

        assertThat(json(out.get(1)).get("usage").isNull()).isTrue();
        JsonNode usage = json(out.get(out.size() - 2));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage")).isEqualTo(json("""
                {"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,"prompt_tokens_details":{"cached_tokens":10}}"""));
        assertThat(out.getLast()).isEqualTo("[DONE]");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"END_TURN, stop", "STOP_SEQUENCE, stop", "MAX_TOKENS, length", "TOOL_USE, stop"})
    void finishReasons(StopReason reason, String finish) {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("c", "m", 1, false);
        feed(renderer, started(), text("a"), done(reason));
        assertThat(renderer.completion().at("/choices/0/finish_reason").asText()).isEqualTo(finish);
    }

    @Test
    void toolCallsGoByIndexWithIdAndNameFirstAndArgumentsThatConcatenateToTheInput() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("c", "m", 1, false);
        String longInput = "{\"path\":\"" + "x".repeat(300) + "\",\"n\":1}";
        List<String> out = feed(renderer, started(), call("call_1", "read", longInput), call(null, "ls", "{}"), done(StopReason.TOOL_USE));

        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        List<JsonNode> heads = new ArrayList<>();
        for (String chunk : out.subList(1, out.size() - 2)) {
            JsonNode piece = json(chunk).at("/choices/0/delta/tool_calls/0");
            int index = piece.get("index").asInt();
            if (piece.has("id")) {
                heads.add(piece);
                assertThat(piece.at("/function/arguments").asText()).isEmpty();
            }
            arguments[index].append(piece.at("/function/arguments").asText());
        }
        assertThat(heads).hasSize(2);
        assertThat(heads.get(0).get("id").asText()).isEqualTo("call_1");
        assertThat(heads.get(0).at("/function/name").asText()).isEqualTo("read");
        assertThat(heads.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(heads.get(1).get("id").asText()).startsWith("call_");
        assertThat(heads.get(1).get("type").asText()).isEqualTo("function");
        assertThat(json(arguments[0].toString())).isEqualTo(json(longInput));
        assertThat(json(arguments[1].toString())).isEqualTo(json("{}"));
        assertThat(out.stream().filter(c -> c.contains("\"arguments\"")).count()).isGreaterThan(3);
        assertThat(json(out.get(out.size() - 2)).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");

        JsonNode message = renderer.completion().at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo(json(longInput).toString());
    }

    @Test
    void reasoningComesAsReasoningContent() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("c", "m", 1, false);
        List<String> out = feed(renderer, started(), new StreamEvent.ThinkingDelta(JOB, seq++, "hmm"), text("ok"), done(StopReason.END_TURN));

        assertThat(json(out.get(1)).at("/choices/0/delta")).isEqualTo(json("{\"reasoning_content\":\"hmm\"}"));
        assertThat(renderer.completion().at("/choices/0/message")).isEqualTo(json("""
                {"role":"assistant","content":"ok","reasoning_content":"hmm","refusal":null}"""));
    }

    @Test
    void theWholeCompletionHasUsageAndTheFinishReason() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("chatcmpl-9", "m", 5, false);
        feed(renderer, started(), text("Hi"), done(StopReason.END_TURN));

        assertThat(json(renderer.completion().toString())).isEqualTo(json("""
                {"id":"chatcmpl-9","object":"chat.completion","created":5,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,"prompt_tokens_details":{"cached_tokens":10}}}"""));
    }

    @Test
    void anErrorAfterTheStartIsAnErrorObjectAndNothingFollows() {
        OpenAiStreamRenderer renderer = new OpenAiStreamRenderer("c", "m", 1, false);
        List<String> out = feed(renderer, started(), text("a"), new StreamEvent.Error(JOB, seq++, ErrorType.INTERRUPTED, "worker died"));

        assertThat(json(out.getLast())).isEqualTo(json("""
                {"error":{"message":"worker died","type":"server_error","param":null,"code":null}}"""));
        assertThat(renderer.on(text("late"))).isEmpty();
        assertThat(renderer.isFinished()).isTrue();
    }
}
