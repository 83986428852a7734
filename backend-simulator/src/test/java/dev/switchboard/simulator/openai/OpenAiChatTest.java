package dev.switchboard.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class OpenAiChatTest {

    private static final String MODEL = "llama3.2:3b";

    @TestHTTPResource("/")
    URI base;

    private SimulatorClient client() {
        return new SimulatorClient(base);
    }

    private static ObjectNode streaming(String model, String userText) {
        return chat(model, userText).put("stream", true);
    }

    /** The chunks of a stream, checking the SSE framing: data events, [DONE] last and only last. */
    private List<JsonNode> chunks(SimulatorClient.Lines reply) {
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).startsWith("text/event-stream");
        assertThat(reply.cutShort()).isFalse();
        List<String> events = reply.events();
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(events.subList(0, events.size() - 1)).doesNotContain("[DONE]");
        assertThat(reply.lines()).allMatch(l -> l.isEmpty() || l.startsWith("data: "));
        return events.subList(0, events.size() - 1).stream().map(SimulatorClient::json).toList();
    }

    private static JsonNode delta(JsonNode chunk) {
        return chunk.path("choices").get(0).path("delta");
    }

    private static String content(List<JsonNode> chunks) {
        StringBuilder sb = new StringBuilder();
        chunks.stream().filter(c -> !c.path("choices").isEmpty()).forEach(c -> sb.append(delta(c).path("content").asText("")));
        return sb.toString();
    }

    private static JsonNode finish(List<JsonNode> chunks) {
        return chunks.stream().filter(c -> !c.path("choices").isEmpty())
                .filter(c -> !c.path("choices").get(0).path("finish_reason").isNull()).findFirst().orElseThrow();
    }

    @Test
    void streamsChunksThenFinishThenDone() {
        List<JsonNode> chunks = chunks(client().lines("/v1/chat/completions",
                streaming(MODEL, "[[sim reply=\"Hello there, friend.\"]]"), "X-Simulator-Request-Id", "openai-stream-1"));

        assertThat(chunks).hasSize(6);
        String id = chunks.get(0).path("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("id").asText()).isEqualTo(id);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("created").isIntegralNumber()).isTrue();
            assertThat(chunk.path("model").asText()).isEqualTo(MODEL);
            assertThat(chunk.has("system_fingerprint")).isTrue();
            assertThat(chunk.has("usage")).isFalse();
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("index").asInt()).isZero();
            assertThat(choice.has("logprobs")).isTrue();
            assertThat(delta(chunk).path("role").asText()).isEqualTo("assistant");
        }
        assertThat(chunks.subList(0, 5)).extracting(c -> delta(c).path("content").asText())
                .containsExactly("Hello", " there", ",", " friend", ".");
        assertThat(chunks.subList(0, 5)).allMatch(c -> c.path("choices").get(0).path("finish_reason").isNull());
        JsonNode last = chunks.get(5);
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(delta(last).has("content")).isFalse();
    }

    @Test
    void sendsUsageOnlyWhenIncludeUsageIsSet() {
        ObjectNode body = streaming(MODEL, "[[sim tokens=9]]");
        body.putObject("stream_options").put("include_usage", true);

        List<JsonNode> withUsage = chunks(client().lines("/v1/chat/completions", body));
        List<JsonNode> without = chunks(client().lines("/v1/chat/completions", streaming(MODEL, "[[sim tokens=9]]")));

        JsonNode usageChunk = withUsage.get(withUsage.size() - 1);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        JsonNode usage = usageChunk.path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(usage.path("prompt_tokens").asInt()).isPositive();
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(usage.path("prompt_tokens").asInt() + 9);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isInt()).isTrue();
        assertThat(withUsage.get(withUsage.size() - 2).path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(without).noneMatch(c -> c.has("usage"));
    }

    @Test
    void answersWithAChatCompletionWhenNotStreaming() throws Exception {
        JsonNode whole = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(MODEL, "[[sim reply=\"All in one.\"]]"))).body());

        assertThat(whole.path("object").asText()).isEqualTo("chat.completion");
        assertThat(whole.path("id").asText()).startsWith("chatcmpl-");
        JsonNode choice = whole.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("All in one.");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(whole.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void maxTokensStopsWithLengthAndDefaultsTo512() throws Exception {
        ObjectNode capped = streaming(MODEL, "[[sim tokens=30]]").put("max_tokens", 6);
        List<JsonNode> chunks = chunks(client().lines("/v1/chat/completions", capped));
        JsonNode uncapped = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(MODEL, "[[sim tokens=600]]"))).body());
        JsonNode newer = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(MODEL, "[[sim tokens=600]]").put("max_tokens", 100).put("max_completion_tokens", 3))).body());

        assertThat(content(chunks)).isEqualTo("w1 w2 w3 w4 w5 w6");
        assertThat(finish(chunks).path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(uncapped.path("usage").path("completion_tokens").asInt()).isEqualTo(512);
        assertThat(uncapped.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(newer.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void generatesNumberedTokensInOrder() {
        List<JsonNode> chunks = chunks(client().lines("/v1/chat/completions", streaming(MODEL, "[[sim tokens=25]]")));

        assertThat(chunks.subList(0, 25)).extracting(c -> delta(c).path("content").asText().strip())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj(i -> "w" + i).toList());
    }

    @Test
    void stopAsAStringOrAnArray() throws Exception {
        ObjectNode asString = chat(MODEL, "[[sim reply=\"alpha beta gamma\"]]").put("stop", " gamma");
        ObjectNode asArray = chat(MODEL, "[[sim reply=\"alpha beta gamma\"]]");
        asArray.putArray("stop").add("zzz").add("beta");

        JsonNode a = SimulatorClient.json(client().send(client().post("/v1/chat/completions", asString)).body());
        JsonNode b = SimulatorClient.json(client().send(client().post("/v1/chat/completions", asArray)).body());

        assertThat(a.path("choices").get(0).path("message").path("content").asText()).isEqualTo("alpha beta");
        assertThat(a.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(b.path("choices").get(0).path("message").path("content").asText()).isEqualTo("alpha ");
    }

    @Test
    void sendsAToolCallWholeInOneChunkLikeMlxLmServer() {
        List<JsonNode> chunks = chunks(client().lines("/v1/chat/completions",
                streaming(MODEL, "[[sim reply=\"Checking.\" tool=Bash args={\"command\":\"echo hi\"}]]")));

        List<JsonNode> calls = chunks.stream().filter(c -> delta(c).has("tool_calls")).toList();
        assertThat(calls).hasSize(1);
        JsonNode call = delta(calls.get(0)).path("tool_calls").get(0);
        assertThat(call.path("index").asInt()).isZero();
        assertThat(call.path("id").asText()).startsWith("call_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("Bash");
        assertThat(call.path("function").path("arguments").isTextual()).isTrue();
        assertThat(SimulatorClient.json(call.path("function").path("arguments").asText()).path("command").asText()).isEqualTo("echo hi");
        assertThat(content(chunks)).isEqualTo("Checking.");
        assertThat(finish(chunks).path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void sendsToolArgumentsInPiecesWhenAskedSoClientsMustAssembleThem() {
        List<JsonNode> chunks = chunks(client().lines("/v1/chat/completions",
                streaming(MODEL, "[[sim tool=Read args={\"path\":\"/tmp/a b.txt\"} tool=Bash args={\"command\":\"ls -la\"}]]"),
                "X-Simulator-Tool-Stream", "pieces"));

        List<JsonNode> calls = chunks.stream().filter(c -> delta(c).has("tool_calls"))
                .map(c -> delta(c).path("tool_calls").get(0)).toList();
        assertThat(calls.size()).isGreaterThan(4);
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        String[] names = new String[2];
        for (JsonNode call : calls) {
            int index = call.path("index").asInt();
            if (call.has("id")) {
                assertThat(names[index]).as("one id per call").isNull();
                names[index] = call.path("function").path("name").asText();
            }
            arguments[index].append(call.path("function").path("arguments").asText(""));
        }
        assertThat(names).containsExactly("Read", "Bash");
        assertThat(SimulatorClient.json(arguments[0].toString()).path("path").asText()).isEqualTo("/tmp/a b.txt");
        assertThat(SimulatorClient.json(arguments[1].toString()).path("command").asText()).isEqualTo("ls -la");
        assertThat(finish(chunks).path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void nonStreamingToolCallsHaveNullContent() throws Exception {
        JsonNode whole = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(MODEL, "[[sim tool=Bash args={\"command\":\"ls\"}]]"))).body());

        JsonNode message = whole.path("choices").get(0).path("message");
        assertThat(message.path("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{\"command\":\"ls\"}");
        assertThat(whole.path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void thinkingModelsSendReasoningFirstUnlessTurnedOff() throws Exception {
        List<JsonNode> thinking = chunks(client().lines("/v1/chat/completions", streaming("qwen3:8b", "[[sim reply=\"Yes.\"]]")));
        ObjectNode off = streaming("qwen3:8b", "[[sim reply=\"Yes.\"]]");
        off.putObject("chat_template_kwargs").put("enable_thinking", false);
        List<JsonNode> without = chunks(client().lines("/v1/chat/completions", off));
        JsonNode forced = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(MODEL, "[[sim think=\"let me see\" reply=\"Ok\"]]"))).body());

        assertThat(delta(thinking.get(0)).has("reasoning")).isTrue();
        assertThat(delta(thinking.get(0)).has("content")).isFalse();
        int firstContent = IntStream.range(0, thinking.size()).filter(i -> delta(thinking.get(i)).has("content")).findFirst().orElseThrow();
        assertThat(thinking.subList(firstContent, thinking.size())).noneMatch(c -> delta(c).has("reasoning"));
        assertThat(content(thinking)).isEqualTo("Yes.");
        assertThat(without).noneMatch(c -> delta(c).has("reasoning"));
        assertThat(forced.path("choices").get(0).path("message").path("reasoning").asText()).isEqualTo("let me see");
        assertThat(forced.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Ok");
    }

    @Test
    void echoesTheLastUserMessage() throws Exception {
        ObjectNode body = chat(MODEL, "ignored");
        ArrayNode parts = ((ArrayNode) body.path("messages")).addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", "echo this back ");
        parts.addObject().put("type", "text").put("text", "[[sim echo]]");

        JsonNode whole = SimulatorClient.json(client().send(client().post("/v1/chat/completions", body)).body());

        assertThat(whole.path("choices").get(0).path("message").path("content").asText()).isEqualTo("echo this back");
    }

    @Test
    void reportsThePromptPrefixSharedWithThePreviousRequestAsCached() throws Exception {
        String history = "A long shared conversation prefix. ".repeat(20);
        String model = "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit";
        client().send(client().post("/v1/chat/completions", chat(model, history + "first")));

        JsonNode second = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(model, history + "second"))).body());
        JsonNode unrelated = SimulatorClient.json(client().send(client().post("/v1/chat/completions",
                chat(model, "something else entirely"))).body());

        int prompt = second.path("usage").path("prompt_tokens").asInt();
        int cached = second.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt();
        assertThat(cached).isGreaterThan(history.length() / 4 - 2).isLessThan(prompt);
        assertThat(unrelated.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isLessThan(3);
    }

    @Test
    void errorsHaveTheOpenAiShape() throws Exception {
        JsonNode unknown = SimulatorClient.json(client().send(client().post("/v1/chat/completions", chat("nope", "hi"))).body());
        var bad = client().send(client().post("/v1/chat/completions", chat(MODEL, "[[sim fail=sometimes]]")));

        assertThat(unknown.path("error").path("message").asText()).contains("nope");
        assertThat(unknown.path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = SimulatorClient.json(bad.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("unknown failure 'sometimes'");
    }
}
