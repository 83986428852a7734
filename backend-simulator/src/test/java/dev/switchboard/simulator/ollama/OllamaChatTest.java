package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.simulator.SimulatorClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.switchboard.simulator.SimulatorClient.chat;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class OllamaChatTest {

    @TestHTTPResource("/")
    URI base;

    private SimulatorClient client() {
        return new SimulatorClient(base);
    }

    private static List<JsonNode> tokens(List<JsonNode> lines) {
        return lines.stream().filter(l -> !l.path("done").asBoolean()).toList();
    }

    private static String content(List<JsonNode> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.path("message").path("content").asText()));
        return sb.toString();
    }

    @Test
    void streamsOneNdjsonLinePerTokenThenADoneLineWithCounts() {
        SimulatorClient.Lines reply = client().lines("/api/chat",
                chat("qwen2.5-coder:7b", "Say hi [[sim reply=\"Hello there, friend.\" tps=500]]"),
                "X-Request-Id", "ollama-stream-1");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("content-type")).isEqualTo("application/x-ndjson");
        assertThat(reply.header("X-Simulator-Request-Id")).isEqualTo("ollama-stream-1");
        assertThat(reply.cutShort()).isFalse();
        List<JsonNode> lines = reply.ndjson();
        assertThat(lines).hasSize(6);
        List<JsonNode> tokens = tokens(lines);
        assertThat(tokens).extracting(l -> l.path("message").path("content").asText())
                .containsExactly("Hello", " there", ",", " friend", ".");
        for (JsonNode token : tokens) {
            assertThat(token.path("model").asText()).isEqualTo("qwen2.5-coder:7b");
            assertThat(Instant.parse(token.path("created_at").asText())).isNotNull();
            assertThat(token.path("message").path("role").asText()).isEqualTo("assistant");
            assertThat(token.path("done").isBoolean()).isTrue();
            assertThat(token.has("done_reason")).isFalse();
        }
        JsonNode done = lines.get(lines.size() - 1);
        assertThat(done.path("done").asBoolean()).isTrue();
        assertThat(done.path("done_reason").asText()).isEqualTo("stop");
        assertThat(done.path("message").path("content").asText()).isEmpty();
        assertThat(done.path("eval_count").asInt()).isEqualTo(5);
        assertThat(done.path("prompt_eval_count").asInt()).isPositive();
        for (String duration : List.of("total_duration", "load_duration", "prompt_eval_duration", "eval_duration")) {
            assertThat(done.path(duration).asLong()).as(duration).isPositive();
        }
    }

    @Test
    void answersWholeWhenStreamIsFalse() throws Exception {
        ObjectNode body = chat("llama3.2:3b", "[[sim reply=\"All in one.\"]]").put("stream", false);

        HttpResponse<String> response = client().send(client().post("/api/chat", body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode whole = SimulatorClient.json(response.body());
        assertThat(whole.path("message").path("content").asText()).isEqualTo("All in one.");
        assertThat(whole.path("done").asBoolean()).isTrue();
        assertThat(whole.path("done_reason").asText()).isEqualTo("stop");
        assertThat(whole.path("eval_count").asInt()).isEqualTo(4);
    }

    @Test
    void generatesNumberedTokensInOrder() {
        List<JsonNode> lines = client().lines("/api/chat", chat("llama3.2:3b", "[[sim tokens=40]]")).ndjson();

        assertThat(tokens(lines)).extracting(l -> l.path("message").path("content").asText().strip())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).toList());
        assertThat(lines.get(lines.size() - 1).path("eval_count").asInt()).isEqualTo(40);
    }

    @Test
    void numPredictStopsTheReplyWithLength() {
        ObjectNode body = chat("llama3.2:3b", "[[sim tokens=50]]");
        body.putObject("options").put("num_predict", 7);

        List<JsonNode> lines = client().lines("/api/chat", body).ndjson();

        assertThat(tokens(lines)).hasSize(7);
        assertThat(content(lines)).isEqualTo("w1 w2 w3 w4 w5 w6 w7");
        assertThat(lines.get(lines.size() - 1).path("done_reason").asText()).isEqualTo("length");
        assertThat(lines.get(lines.size() - 1).path("eval_count").asInt()).isEqualTo(7);
    }

    @Test
    void stopSequencesEndTheReplyWithoutBeingSent() {
        ObjectNode body = chat("llama3.2:3b", "[[sim reply=\"one two three four\"]]");
        body.putObject("options").putArray("stop").add(" three").add("four");

        List<JsonNode> lines = client().lines("/api/chat", body).ndjson();

        assertThat(content(lines)).isEqualTo("one two");
        assertThat(lines.get(lines.size() - 1).path("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void sendsAToolCallWithObjectArgumentsAfterText() {
        ObjectNode body = chat("qwen2.5-coder:7b", "list files [[sim reply=\"Let me check.\" tool=Bash args={\"command\":\"echo hi\"}]]");
        body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "Bash");

        List<JsonNode> lines = client().lines("/api/chat", body).ndjson();

        List<JsonNode> calls = lines.stream().filter(l -> l.path("message").has("tool_calls")).toList();
        assertThat(calls).hasSize(1);
        assertThat(content(lines)).isEqualTo("Let me check.");
        JsonNode call = calls.get(0).path("message");
        assertThat(call.path("content").asText()).isEmpty();
        JsonNode toolCall = call.path("tool_calls").get(0);
        assertThat(toolCall.path("id").asText()).matches("call_[a-z0-9]{8}");
        assertThat(toolCall.path("function").path("index").asInt()).isZero();
        assertThat(toolCall.path("function").path("name").asText()).isEqualTo("Bash");
        assertThat(toolCall.path("function").path("arguments").isObject()).isTrue();
        assertThat(toolCall.path("function").path("arguments").path("command").asText()).isEqualTo("echo hi");
        assertThat(lines.indexOf(calls.get(0))).isEqualTo(lines.size() - 2);
        assertThat(lines.get(lines.size() - 1).path("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void answersToolResultsWithThenInsteadOfCallingAgain() {
        ObjectNode body = chat("qwen2.5-coder:7b", "[[sim tool=Bash args={\"command\":\"ls\"} then=\"All done.\"]]");
        ArrayNode messages = (ArrayNode) body.path("messages");
        messages.addObject().put("role", "assistant").put("content", "")
                .putArray("tool_calls").addObject().putObject("function").put("name", "Bash").putObject("arguments").put("command", "ls");
        messages.addObject().put("role", "tool").put("tool_name", "Bash").put("content", "a.txt");
        body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "Bash");

        List<JsonNode> lines = client().lines("/api/chat", body).ndjson();

        assertThat(lines).noneMatch(l -> l.path("message").has("tool_calls"));
        assertThat(content(lines)).isEqualTo("All done.");
    }

    @Test
    void rejectsToolsForAModelWithoutTheCapability() {
        ObjectNode body = chat("llava:7b", "hi");
        body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "Bash");

        SimulatorClient.Lines reply = client().lines("/api/chat", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.ndjson().get(0).path("error").asText()).isEqualTo("registry.ollama.ai/library/llava:7b does not support tools");
    }

    @Test
    void thinkingModelsThinkUnlessThinkIsFalse() {
        List<JsonNode> byDefault = client().lines("/api/chat", chat("qwen3:8b", "[[sim reply=\"Yes.\"]]")).ndjson();
        List<JsonNode> off = client().lines("/api/chat", chat("qwen3:8b", "[[sim reply=\"Yes.\"]]").put("think", false)).ndjson();

        List<JsonNode> thoughts = byDefault.stream().filter(l -> l.path("message").has("thinking")).toList();
        assertThat(thoughts).isNotEmpty();
        assertThat(byDefault.indexOf(thoughts.get(thoughts.size() - 1)))
                .isLessThan(byDefault.indexOf(byDefault.stream().filter(l -> l.path("message").path("content").asText().equals("Yes")).findFirst().orElseThrow()));
        assertThat(thoughts).allMatch(l -> l.path("message").path("content").asText().isEmpty());
        assertThat(off).noneMatch(l -> l.path("message").has("thinking"));
        assertThat(content(off)).isEqualTo("Yes.");
    }

    @Test
    void aDirectiveForcesThinkingAndThinkTrueOnAModelThatCannotIsAnError() {
        List<JsonNode> forced = client().lines("/api/chat", chat("llama3.2:3b", "[[sim think=\"let me think\" reply=\"Ok\"]]")).ndjson();
        SimulatorClient.Lines refused = client().lines("/api/chat", chat("llama3.2:3b", "hi").put("think", true));

        StringBuilder thinking = new StringBuilder();
        forced.forEach(l -> thinking.append(l.path("message").path("thinking").asText()));
        assertThat(thinking).hasToString("let me think");
        assertThat(content(forced)).isEqualTo("Ok");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.ndjson().get(0).path("error").asText()).isEqualTo("\"llama3.2:3b\" does not support thinking");
    }

    @Test
    void echoesTheLastUserMessageWithoutTheDirective() {
        ObjectNode body = chat("llama3.2:3b", "first");
        ((ArrayNode) body.path("messages")).addObject().put("role", "assistant").put("content", "ok");
        ((ArrayNode) body.path("messages")).addObject().put("role", "user").put("content", "[[sim echo]] repeat me please");

        assertThat(content(client().lines("/api/chat", body).ndjson())).isEqualTo("repeat me please");
    }

    @Test
    void headersSetTheReplyAndTheDirectiveWins() {
        List<JsonNode> fromHeader = client().lines("/api/chat", chat("llama3.2:3b", "hi"),
                "X-Simulator-Reply", "From a header").ndjson();
        List<JsonNode> directiveWins = client().lines("/api/chat", chat("llama3.2:3b", "[[sim reply=\"From the message\"]]"),
                "X-Simulator-Reply", "From a header").ndjson();

        assertThat(content(fromHeader)).isEqualTo("From a header");
        assertThat(content(directiveWins)).isEqualTo("From the message");
    }

    @Test
    void aDefaultReplyWhenNothingIsAsked() {
        assertThat(content(client().lines("/api/chat", chat("llama3.2:3b", "hello")).ndjson()))
                .isEqualTo("Hello! This is a simulated reply from the Switchboard backend simulator.");
    }

    @Test
    void unknownModelsAndBadDirectivesGetOllamaErrors() {
        SimulatorClient.Lines unknown = client().lines("/api/chat", chat("nope:1b", "hi"));
        SimulatorClient.Lines bad = client().lines("/api/chat", chat("llama3.2:3b", "[[sim tokens=lots]]"));
        SimulatorClient.Lines noModel = client().lines("/api/chat", chat("", "hi"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.ndjson().get(0).path("error").asText()).isEqualTo("model 'nope:1b' not found");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.ndjson().get(0).path("error").asText()).contains("tokens must be a whole number");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.ndjson().get(0).path("error").asText()).isEqualTo("model is required");
    }

    @Test
    void promptLongerThanTheContextIsCountedAsCut() throws Exception {
        ObjectNode body = chat("llama3.2:3b", "x".repeat(4000)).put("stream", false);
        body.putObject("options").put("num_ctx", 100);

        JsonNode whole = SimulatorClient.json(client().send(client().post("/api/chat", body)).body());

        assertThat(whole.path("prompt_eval_count").asInt()).isEqualTo(100);
    }

    @Test
    void aSystemPromptDirectiveAppliesUnlessTheLastUserMessageSaysOtherwise() {
        ObjectNode body = chat("llama3.2:3b", "Hello.");
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.insertObject(0).put("role", "system").put("content", "You are Beta. [[sim reply=\"Beta here.\" tps=500]]");

        assertThat(content(client().lines("/api/chat", body).ndjson())).isEqualTo("Beta here.");

        messages.addObject().put("role", "assistant").put("content", "Beta here.");
        messages.addObject().put("role", "user").put("content", "Again [[sim reply=\"Overruled.\"]]");
        assertThat(content(client().lines("/api/chat", body).ndjson())).isEqualTo("Overruled.");
    }
}
