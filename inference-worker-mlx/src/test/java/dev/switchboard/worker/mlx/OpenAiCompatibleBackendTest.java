package dev.switchboard.worker.mlx;

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
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.testkit.Chat;
import dev.switchboard.worker.core.testkit.Reply;
import dev.switchboard.worker.mlx.FakeOpenAiCompatibleServer.Events;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
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

/** OpenAiCompatibleBackend against a fake mlx_lm.server that streams server-sent events like the real one; real Kafka and Redis. */
@QuarkusTest
@WithTestResource(value = FakeOpenAiCompatible.class, initArgs = {
        @ResourceArg(name = "switchboard.openai.api-key", value = "sk-local-test"),
        @ResourceArg(name = "switchboard.openai.thinking-models", value = "*Qwen3-*,*thinker*"),
        @ResourceArg(name = "switchboard.openai.vision-models", value = "*-VL-*")})
class OpenAiCompatibleBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    OpenAiCompatibleBackend backend;

    @Inject
    InferenceBackend inferenceBackend;

    @Inject
    BackendProbe probe;

    @Inject
    ModelSource catalog;

    FakeOpenAiCompatibleServer server;

    @AfterEach
    void healthy() {
        server.healthStatus(200);
    }

    @Test
    void isTheWorkersOneBackendAndProbe() {
        assertThat(backend.kind()).isEqualTo("openai");
        assertThat(inferenceBackend.kind()).isEqualTo("openai");
        assertThat(probe.probe().await().atMost(WAIT)).isEqualTo("ok");
        assertThat(server.authorizations()).last().isEqualTo("Bearer sk-local-test");
    }

    @Test
    void sendsTheWholeConversationInOneBodyWithItsContentLength() {
        String model = "mlx-community/Qwen3-8B-4bit";
        server.reply(model, Reply.lines(1, Events.text(model, "Nothing new."), Events.finish(model, "stop"),
                Events.usage(model, 90, 3, 0), Events.done()));
        ChatRequest request = new ChatRequest("You are terse.", List.of(
                Message.text(Role.USER, "What is in /tmp?"),
                new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("Look first.", "sig"),
                        new ContentBlock.Text("Let me look."),
                        new ContentBlock.ToolUse("toolu_1", "Bash", object("{\"command\":\"ls /tmp\"}")))),
                new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("a.txt")), false),
                        new ContentBlock.Text("And now?")))),
                List.of(new ToolDefinition("Bash", "Runs a command", object("""
                        {"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}"""))),
                ToolChoice.auto(),
                new Sampling(1000, 0.2, 0.9, 40, List.of(), new ThinkingConfig(true, 2000)));

        List<BackendEvent> events = run(job(model, request)).awaitCompletion(WAIT).getItems();

        assertThat(events).containsExactly(new BackendEvent.Text("Nothing new."),
                new BackendEvent.Finished(StopReason.END_TURN, null, 90, 0, 3));
        Chat chat = server.chats(model).getFirst();
        assertThat(chat.contentLength()).isEqualTo(String.valueOf(chat.bodyBytes()));
        assertThat(chat.transferEncoding()).isNull();
        assertThat(chat.authorization()).isEqualTo("Bearer sk-local-test");
        assertThat(chat.body()).isEqualTo(json("""
                {
                  "model": "mlx-community/Qwen3-8B-4bit",
                  "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "What is in /tmp?"},
                    {"role": "assistant", "content": "Let me look.", "tool_calls": [
                      {"id": "toolu_1", "type": "function", "function": {"name": "Bash", "arguments": "{\\"command\\":\\"ls /tmp\\"}"}}]},
                    {"role": "tool", "tool_call_id": "toolu_1", "content": "a.txt"},
                    {"role": "user", "content": "And now?"}
                  ],
                  "tools": [{"type": "function", "function": {"name": "Bash", "description": "Runs a command",
                    "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}}],
                  "tool_choice": "auto",
                  "parallel_tool_calls": true,
                  "stream": true,
                  "stream_options": {"include_usage": true},
                  "max_tokens": 1000,
                  "temperature": 0.2,
                  "top_p": 0.9,
                  "top_k": 40,
                  "chat_template_kwargs": {"enable_thinking": true}
                }"""));
    }

    @Test
    void aModelNotKnownToReasonIsNotToldWhetherTo() {
        String model = "mlx-community/Mistral-7B-Instruct-v0.3-4bit";
        server.reply(model, Reply.lines(1, Events.finish(model, "stop"), Events.done()));

        run(job(model, "hi")).awaitCompletion(WAIT);

        assertThat(server.chats(model).getFirst().body().has("chat_template_kwargs")).isFalse();
    }

    @Test
    void deliversEachEventAsItArrivesAndInOrder() {
        String model = "stream-1b";
        CompletableFuture<Void> rest = new CompletableFuture<>();
        server.reply(model, Reply.lines(20,
                        Events.keepalive(512, 1024),
                        Events.reasoning(model, "The user wants weather."),
                        Events.text(model, "Let me "),
                        Events.text(model, "check."),
                        Events.toolCall(model, 0, "8f14e45f-ceea-467f-a4b0-1b2c3d4e5f60", "get_weather", "{\"city\": \"Tokyo\"}"),
                        Events.finish(model, "tool_calls"),
                        Events.usage(model, 169, 15, 128),
                        Events.done())
                .pausingAfter(4, rest));

        AssertSubscriber<BackendEvent> events = run(job(model, "what is the weather in tokyo?"));

        // The server holds the rest back: what arrived so far came event by event, not with the end of the response.
        events.awaitItems(3, WAIT);
        assertThat(events.getItems()).containsExactly(new BackendEvent.Thinking("The user wants weather."),
                new BackendEvent.Text("Let me "), new BackendEvent.Text("check."));
        events.assertNotTerminated();
        assertThat(server.chats(model).getFirst().ended()).isFalse();

        rest.complete(null);
        events.awaitCompletion(WAIT);
        assertThat(events.getItems()).containsExactly(new BackendEvent.Thinking("The user wants weather."),
                new BackendEvent.Text("Let me "), new BackendEvent.Text("check."),
                new BackendEvent.ToolCall("8f14e45f-ceea-467f-a4b0-1b2c3d4e5f60", "get_weather", object("{\"city\":\"Tokyo\"}")),
                new BackendEvent.Finished(StopReason.TOOL_USE, null, 169, 128, 15));
    }

    @Test
    void assemblesToolCallsSentInPiecesAsLlamaCppAndVllmDo() {
        String model = "pieces-1b";
        server.reply(model, Reply.lines(5,
                Events.toolCallPiece(model, 0, "call_a", "Read", ""),
                Events.toolCallPiece(model, 0, null, null, "{\"path\":"),
                Events.toolCallPiece(model, 1, "call_b", "Bash", "{\"command\""),
                Events.toolCallPiece(model, 0, null, null, " \"a.txt\"}"),
                Events.toolCallPiece(model, 1, null, null, ": \"ls\"}"),
                Events.finish(model, "tool_calls"),
                Events.usage(model, 50, 20, 0),
                Events.done()));

        assertThat(run(job(model, "read and list")).awaitCompletion(WAIT).getItems()).containsExactly(
                new BackendEvent.ToolCall("call_a", "Read", object("{\"path\":\"a.txt\"}")),
                new BackendEvent.ToolCall("call_b", "Bash", object("{\"command\":\"ls\"}")),
                new BackendEvent.Finished(StopReason.TOOL_USE, null, 50, 0, 20));
    }

    @Test
    void cancellingAfterTwoTokensClosesTheConnectionSoTheServerStopsGenerating() {
        String model = "endless-1b";
        server.reply(model, Reply.lines(10, Events.words(model, 10_000)));

        AssertSubscriber<BackendEvent> events = run(job(model, "count for ever"));
        events.awaitItems(2, WAIT);
        events.cancel();

        Chat chat = server.chats(model).getFirst();
        await().atMost(Duration.ofSeconds(5)).until(chat::clientHungUp);
        assertThat(chat.ended()).isFalse();
        assertThat(chat.written()).isLessThan(10_000);
    }

    @Test
    void countsLengthAsMaxTokens() {
        String model = "short-1b";
        server.reply(model, Reply.lines(1, Events.text(model, "Once upon"), Events.finish(model, "length"),
                Events.usage(model, 12, 2, 0), Events.done()));

        assertThat(run(job(model, "tell a story")).awaitCompletion(WAIT).getItems()).containsExactly(
                new BackendEvent.Text("Once upon"), new BackendEvent.Finished(StopReason.MAX_TOKENS, null, 12, 0, 2));
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(400, "{\"error\": \"Invalid JSON in request body: Expecting value\"}", ErrorType.INVALID_REQUEST,
                        "Invalid JSON in request body"),
                Arguments.of(422, "{\"detail\":\"max_tokens must be at least 1\"}", ErrorType.INVALID_REQUEST, "max_tokens must be at least 1"),
                Arguments.of(411, "{\"error\": \"Content-Length header is required\"}", ErrorType.BACKEND_ERROR, "chunked"),
                Arguments.of(429, "{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit_error\"}}", ErrorType.OVERLOADED,
                        "Too many requests"),
                Arguments.of(503, "{\"error\": \"[metal::malloc] Resource limit (499000) exceeded\"}", ErrorType.OVERLOADED, "Resource limit"),
                Arguments.of(500, "{\"error\":{\"message\":\"EngineCore encountered an issue\",\"type\":\"InternalServerError\"}}",
                        ErrorType.BACKEND_ERROR, "EngineCore encountered an issue"));
    }

    @ParameterizedTest
    @MethodSource("httpErrors")
    void classifiesTheServersHttpErrors(int status, String body, ErrorType type, String message) {
        String model = "status" + status + "-1b";
        server.reply(model, Reply.error(status, body));

        assertThat(failure(job(model, "hi"))).satisfies(failure -> {
            assertThat(failure.type()).isEqualTo(type);
            assertThat(failure.getMessage()).contains(String.valueOf(status)).contains(message);
        });
    }

    @Test
    void aModelTheServerCannotLoadIsNotFound() {
        BackendException failure = failure(job("mlx-community/never-downloaded", "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.NOT_FOUND);
        assertThat(failure.getMessage()).contains("answered 404").contains("Repository Not Found");
    }

    @Test
    void anErrorMidStreamFailsAfterTheTextBeforeIt() {
        String model = "midstream-1b";
        server.reply(model, Reply.lines(1, Events.text(model, "Yes"), Events.error("[metal::malloc] out of memory"), Events.done()));

        AssertSubscriber<BackendEvent> events = run(job(model, "hi"));
        events.awaitFailure(WAIT);

        assertThat(events.getItems()).containsExactly(new BackendEvent.Text("Yes"));
        assertThat(events.getFailure()).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains("out of memory");
        });
    }

    @Test
    void aStreamThatEndsBeforeTheAnswerIsABackendError() {
        String model = "cut-1b";
        server.reply(model, Reply.lines(1, Events.text(model, "Half an ans")));

        BackendException failure = failure(job(model, "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
        assertThat(failure.getMessage()).contains("ended before the answer did");
    }

    @Test
    void aConnectionLostMidStreamIsABackendError() {
        String model = "dropped-1b";
        server.reply(model, Reply.lines(1, Events.text(model, "Half")).droppingTheConnection());

        AssertSubscriber<BackendEvent> events = run(job(model, "hi"));
        events.awaitFailure(WAIT);

        assertThat(events.getItems()).containsExactly(new BackendEvent.Text("Half"));
        assertThat(events.getFailure()).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains("broke off the stream");
        });
    }

    @Test
    void aStreamThatFallsSilentTimesOutAndIsClosed() {
        String model = "silent-1b";
        server.reply(model, Reply.lines(1, Events.text(model, "Hmm")).leftOpen());

        BackendException failure = failure(job(model, "hi"));

        assertThat(failure.type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(failure.getMessage()).contains("sent nothing for 3 s");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.chats(model).getFirst().clientHungUp());
    }

    @Test
    void listsTheServersModelsWithWhatTheyCanDoAndReusesTheList() {
        List<ModelInfo> models = catalog.models().await().atMost(WAIT);
        int listings = server.modelListings();

        assertThat(models).containsExactly(
                new ModelInfo("mlx-community/Qwen3-8B-4bit", null, Set.of(Capability.TOOLS, Capability.THINKING)),
                new ModelInfo("mlx-community/Qwen2.5-VL-7B-Instruct-4bit", null, Set.of(Capability.TOOLS, Capability.VISION)),
                new ModelInfo("llama-3.2-3b-instruct", 131072, Set.of(Capability.TOOLS)),
                new ModelInfo("deepseek-r1-thinker", 32768, Set.of(Capability.TOOLS, Capability.THINKING)));
        assertThat(catalog.models().await().atMost(WAIT)).isEqualTo(models);
        assertThat(server.modelListings()).isEqualTo(listings);
        assertThat(server.authorizations()).contains("Bearer sk-local-test").doesNotContain("null");
    }

    @Test
    void aServerWithoutHealthIsProbedThroughItsModelList() {
        server.healthStatus(404);

        assertThat(probe.probe().await().atMost(WAIT)).isEqualTo("4 models");
    }

    @Test
    void aServerStillLoadingItsModelIsNotReady() {
        server.healthStatus(503);

        Throwable failure = probe.probe().subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).getFailure();

        assertThat(failure).isInstanceOfSatisfying(BackendException.class, backendFailure -> {
            assertThat(backendFailure.type()).isEqualTo(ErrorType.OVERLOADED);
            assertThat(backendFailure.getMessage()).contains("Loading model");
        });
    }

    private AssertSubscriber<BackendEvent> run(GenerationJob job) {
        return backend.generate(job).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    private BackendException failure(GenerationJob job) {
        Throwable failure = run(job).awaitFailure(WAIT).getFailure();
        assertThat(failure).isInstanceOf(BackendException.class);
        return (BackendException) failure;
    }
}
