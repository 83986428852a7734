package dev.switchboard.worker.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import dev.switchboard.worker.core.backend.ModelSource;
import dev.switchboard.worker.core.backend.BackendProbe;
import dev.switchboard.worker.core.testkit.Chat;
import dev.switchboard.worker.core.testkit.Reply;
import dev.switchboard.worker.ollama.FakeOllamaServer.Lines;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static dev.switchboard.worker.core.testkit.TestJobs.job;
import static dev.switchboard.worker.core.testkit.TestJobs.json;
import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** OllamaBackend against a fake Ollama that streams NDJSON like the real one; real Kafka and Redis. */
@QuarkusTest
@WithTestResource(FakeOllama.class)
class OllamaBackendTest {

    @Inject
    OllamaBackend backend;

    @Inject
    BackendProbe probe;

    @Inject
    ModelSource catalog;

    FakeOllamaServer ollama;

    @Test
    void isTheWorkersOneBackendAndProbe() {
        assertThat(backend.kind()).isEqualTo("ollama");
        assertThat(probe.probe().await().atMost(Duration.ofSeconds(5))).isEqualTo("Ollama is running");
    }

    @Test
    void sendsTheWholeConversationAsOllamaExpectsIt() {
        String model = "body-check:8b";
        ollama.unlistedModel(model, "qwen3", 32768, "completion", "tools", "thinking", "vision");
        ollama.reply(model, Reply.lines(1, Lines.text(model, "Nothing new."), Lines.done(model, "stop", 90, 3)));
        ChatRequest request = new ChatRequest("You are terse.", List.of(
                new Message(Role.USER, List.of(new ContentBlock.Text("What is in /tmp?"),
                        new ContentBlock.Image("image/png", "iVBORw0KGgo="))),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("Look first.", "sig"),
                        new ContentBlock.Text("Let me look."),
                        new ContentBlock.ToolUse("toolu_1", "Bash", object("{\"command\":\"ls /tmp\"}")))),
                new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("a.txt")), false),
                        new ContentBlock.Text("And now?")))),
                List.of(new ToolDefinition("Bash", "Runs a command", object("""
                        {"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}"""))),
                ToolChoice.auto(),
                new Sampling(1000, 0.2, 0.9, 40, List.of("</end>"), new ThinkingConfig(true, 2000)));

        List<BackendEvent> events = run(job(model, request)).awaitCompletion().getItems();

        assertThat(events).containsExactly(new BackendEvent.Text("Nothing new."),
                new BackendEvent.Finished(StopReason.END_TURN, null, 90, 0, 3));
        assertThat(ollama.chats(model)).singleElement().extracting(Chat::body).isEqualTo(json("""
                {
                  "model": "body-check:8b",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "What is in /tmp?", "images": ["iVBORw0KGgo="]},
                    {"role": "assistant", "content": "Let me look.", "thinking": "Look first.",
                     "tool_calls": [{"id": "toolu_1", "function": {"name": "Bash", "arguments": {"command": "ls /tmp"}}}]},
                    {"role": "tool", "content": "a.txt", "tool_name": "Bash", "tool_call_id": "toolu_1"},
                    {"role": "user", "content": "And now?"}
                  ],
                  "tools": [{"type": "function", "function": {"name": "Bash", "description": "Runs a command",
                    "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}}],
                  "think": true,
                  "stream": true,
                  "keep_alive": "30m",
                  "truncate": false,
                  "shift": false,
                  "options": {"num_ctx": 8192, "num_predict": 1000, "temperature": 0.2, "top_p": 0.9, "top_k": 40}
                }"""));
    }

    @Test
    void deliversEachLineAsItArrivesAndInOrder() {
        String model = "stream:1b";
        ollama.unlistedModel(model, "qwen3", 40960, "completion", "tools", "thinking");
        CompletableFuture<Void> rest = new CompletableFuture<>();
        ollama.reply(model, Reply.lines(20,
                        Lines.thinking(model, "The user wants weather."),
                        Lines.text(model, "Let me "),
                        Lines.text(model, "check."),
                        Lines.toolCall(model, "call_tx3ml1bz", "get_weather", "{\"city\":\"Tokyo\"}"),
                        Lines.done(model, "stop", 169, 15))
                .pausingAfter(3, rest));

        AssertSubscriber<BackendEvent> events = run(job(model, "what is the weather in tokyo?"));

        // Ollama holds the rest back: what arrived so far came line by line, not with the end of the response.
        events.awaitItems(3);
        assertThat(events.getItems()).containsExactly(new BackendEvent.Thinking("The user wants weather."),
                new BackendEvent.Text("Let me "), new BackendEvent.Text("check."));
        events.assertNotTerminated();
        assertThat(ollama.chats(model).getFirst().ended()).isFalse();

        rest.complete(null);
        events.awaitCompletion();
        assertThat(events.getItems()).containsExactly(new BackendEvent.Thinking("The user wants weather."),
                new BackendEvent.Text("Let me "), new BackendEvent.Text("check."),
                new BackendEvent.ToolCall("call_tx3ml1bz", "get_weather", object("{\"city\":\"Tokyo\"}")),
                new BackendEvent.Finished(StopReason.END_TURN, null, 169, 0, 15));
    }

    @Test
    void cancellingClosesTheConnectionSoOllamaStopsGenerating() {
        String model = "endless:1b";
        ollama.unlistedModel(model, "llama", 131072, "completion");
        ollama.reply(model, Reply.lines(10, Lines.words(model, 10_000)));

        AssertSubscriber<BackendEvent> events = run(job(model, "count for ever"));
        events.awaitItems(2);
        events.cancel();

        Chat chat = ollama.chats(model).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(chat::clientHungUp);
        assertThat(chat.ended()).isFalse();
        assertThat(chat.written()).isLessThan(10_000);
    }

    @Test
    void countsLengthAsMaxTokens() {
        String model = "short:1b";
        ollama.unlistedModel(model, "llama", 8192, "completion");
        ollama.reply(model, Reply.lines(1, Lines.text(model, "Once upon"), Lines.done(model, "length", 12, 2)));

        assertThat(run(job(model, "tell a story")).awaitCompletion().getItems()).containsExactly(
                new BackendEvent.Text("Once upon"), new BackendEvent.Finished(StopReason.MAX_TOKENS, null, 12, 0, 2));
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(404, "model \"gone:1b\" not found, try pulling it first", ErrorType.NOT_FOUND),
                Arguments.of(400, "\"gone:1b\" does not support tools", ErrorType.INVALID_REQUEST),
                Arguments.of(400, "the input length exceeds the context length", ErrorType.INVALID_REQUEST),
                Arguments.of(429, "too many requests", ErrorType.OVERLOADED),
                Arguments.of(503, "server busy, please try again.  maximum pending requests exceeded", ErrorType.OVERLOADED),
                Arguments.of(500, "llama runner process has terminated: exit status 2", ErrorType.BACKEND_ERROR),
                Arguments.of(502, "remote model is unavailable", ErrorType.BACKEND_ERROR));
    }

    @ParameterizedTest
    @MethodSource("httpErrors")
    void classifiesOllamasHttpErrors(int status, String message, ErrorType type) {
        String model = "status" + status + "-" + Math.abs(message.hashCode()) + ":1b";
        ollama.unlistedModel(model, "llama", 8192, "completion");
        ollama.reply(model, Reply.error(status, Lines.error(message)));

        assertThat(failure(job(model, "hi"))).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(type);
            assertThat(failure.getMessage()).contains(message);
        });
    }

    @Test
    void aModelOllamaDoesNotHaveIsNotFoundBeforeAnyChat() {
        BackendException failure = failure(job("never-pulled:7b", "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(failure.getMessage()).contains("model 'never-pulled:7b' not found");
        assertThat(ollama.chats("never-pulled:7b")).isEmpty();
    }

    @Test
    void anErrorLineMidStreamFailsAfterTheTextBeforeIt() {
        String model = "midstream:1b";
        ollama.unlistedModel(model, "llama", 8192, "completion");
        ollama.reply(model, Reply.lines(1, Lines.text(model, "Yes"),
                Lines.error("an error was encountered while running the model: CUDA error")));

        AssertSubscriber<BackendEvent> events = run(job(model, "hi"));
        events.awaitFailure();

        assertThat(events.getItems()).containsExactly(new BackendEvent.Text("Yes"));
        assertThat(events.getFailure()).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains("CUDA error");
        });
    }

    @Test
    void aStreamThatEndsWithoutDoneIsABackendError() {
        String model = "cut:1b";
        ollama.unlistedModel(model, "llama", 8192, "completion");
        ollama.reply(model, Reply.lines(1, Lines.text(model, "Half an ans")));

        BackendException failure = failure(job(model, "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
        assertThat(failure.getMessage()).contains("ended before done");
    }

    @Test
    void aStreamThatFallsSilentTimesOutAndIsClosed() {
        String model = "silent:1b";
        ollama.unlistedModel(model, "llama", 8192, "completion");
        ollama.reply(model, Reply.lines(1, Lines.text(model, "Hmm")).leftOpen());

        BackendException failure = failure(job(model, "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(failure.getMessage()).contains("sent nothing for 3 s");
        await().atMost(Duration.ofSeconds(5)).until(() -> ollama.chats(model).getFirst().clientHungUp());
    }

    @Test
    void aModelOllamaRunsInItsCloudIsNeverCalledWhateverItsName() {
        // Cloud names are refused by worker-core before a backend sees them; Ollama also marks a
        // model created from a cloud one with remote_host, and that is refused here.
        ollama.model("my-remote:latest", object("""
                {"remote_host": "https://ollama.com:443", "remote_model": "kimi-k2:1t", "capabilities": ["completion"]}"""),
                false, null);

        BackendException failure = failure(job("my-remote:latest", "hi"));
        assertThat(failure.type()).isEqualTo(ErrorType.PERMISSION_DENIED);
        assertThat(failure.getMessage()).contains("switchboard.worker.allow-cloud-models");
        assertThat(ollama.chats("my-remote:latest")).isEmpty();
    }

    @Test
    void refusesAPromptThatCannotFitTheModel() {
        String model = "tiny-context:1b";
        ollama.unlistedModel(model, "llama", 4096, "completion");
        ollama.reply(model, Reply.lines(1, Lines.done(model, "stop", 1, 1)));

        BackendException failure = failure(job(model, "word ".repeat(4000)));

        assertThat(failure.type()).isEqualTo(ErrorType.INVALID_REQUEST);
        assertThat(failure.getMessage()).startsWith("prompt of about ").contains("does not fit tiny-context:1b's context of 4096 tokens");
        assertThat(ollama.chats(model)).isEmpty();
    }

    @Test
    void lowersMaxTokensToWhatTheModelsContextLeaves() {
        String model = "small-context:1b";
        ollama.unlistedModel(model, "llama", 4096, "completion");
        ollama.reply(model, Reply.lines(1, Lines.done(model, "stop", 1, 1)));
        ChatRequest request = new ChatRequest(null, List.of(Message.text(Role.USER, "hi")), List.of(), null,
                Sampling.maxTokens(32000));

        run(job(model, request)).awaitCompletion();

        JsonNode options = ollama.chats(model).getFirst().body().path("options");
        assertThat(options.path("num_ctx").asInt()).isEqualTo(4096);
        assertThat(options.path("num_predict").asInt()).isBetween(3000, 4096 - 256);
    }

    @Test
    void keepsTheContextTheModelIsLoadedWithWhenItIsBigEnough() {
        String model = "loaded:8b";
        ollama.unlistedModel(model, "llama", 131072, "completion");
        ollama.loaded(model, 65536);
        ollama.reply(model, Reply.lines(1, Lines.done(model, "stop", 1, 1)));

        run(job(model, "hi")).awaitCompletion();

        assertThat(ollama.chats(model).getFirst().body().path("options").path("num_ctx").asInt()).isEqualTo(65536);
    }

    @Test
    void asksOllamaAboutAModelOnceAndReusesTheAnswer() {
        String model = "cached:8b";
        ollama.unlistedModel(model, "llama", 131072, "completion");
        ollama.reply(model, Reply.lines(1, Lines.done(model, "stop", 1, 1)));

        run(job(model, "one")).awaitCompletion();
        run(job(model, "two")).awaitCompletion();

        assertThat(ollama.chats(model)).hasSize(2);
        assertThat(ollama.shows(model)).isEqualTo(1);
    }

    @Test
    void listsOllamasModelsWithContextAndCapabilitiesButNoCloudModels() {
        ollama.model("qwen3:8b", "qwen3", 40960, "completion", "tools", "thinking");
        ollama.model("llava:7b", "llama", 4096, "completion", "vision");
        ollama.model("nomic-embed-text:latest", object("{\"model_info\":{\"general.architecture\":\"nomic-bert\","
                + "\"nomic-bert.context_length\":2048}}"), true, null);
        ollama.model("kimi-k2:1t-cloud", object("{\"capabilities\":[\"completion\",\"tools\"]}"), true, "https://ollama.com:443");

        List<ModelInfo> models = catalog.models().await().atMost(Duration.ofSeconds(10));

        assertThat(models).contains(
                new ModelInfo("qwen3:8b", 40960, Set.of(Capability.TOOLS, Capability.THINKING)),
                new ModelInfo("llava:7b", 4096, Set.of(Capability.VISION)),
                new ModelInfo("nomic-embed-text:latest", 2048, Set.of()));
        assertThat(models).extracting(ModelInfo::name).doesNotContain("kimi-k2:1t-cloud");
    }

    @Test
    void saysWhichModelsOllamaHoldsInMemoryNow() {
        ollama.model("resident:8b", "llama", 32768, "completion");
        ollama.model("idle:8b", "llama", 32768, "completion");
        ollama.loaded("resident:8b", 16384);

        List<ModelInfo> models = catalog.models().await().atMost(Duration.ofSeconds(10));

        assertThat(models).filteredOn(model -> model.name().equals("resident:8b")).singleElement()
                .extracting(ModelInfo::loaded).isNotNull()
                .extracting(ModelInfo.Loaded::contextLength).isEqualTo(16384);
        assertThat(models).filteredOn(model -> model.name().equals("idle:8b")).singleElement()
                .extracting(ModelInfo::loaded).isNull();
    }

    private AssertSubscriber<BackendEvent> run(GenerationJob job) {
        return backend.generate(job).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private BackendException failure(GenerationJob job) {
        Throwable failure = run(job).awaitFailure().getFailure();
        assertThat(failure).isInstanceOf(BackendException.class);
        return (BackendException) failure;
    }
}
