package dev.switchboard.contract;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.model.ModelOperation;
import dev.switchboard.contract.model.ModelOperationEvent;
import dev.switchboard.contract.model.PullProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CodecRoundTripTest {

    static Stream<Arguments> events() {
        return Stream.of(
                new StreamEvent.Started("msg_01", 0, "worker-a", 15),
                new StreamEvent.TextDelta("msg_01", 1, "Hello, \"world\"\n\t✓"),
                new StreamEvent.ThinkingDelta("msg_01", 2, "hmm"),
                new StreamEvent.ToolCall("msg_01", 3, "toolu_01", "Bash", Samples.object("{\"command\":\"echo hi\",\"n\":[1,2,{\"x\":null}]}")),
                new StreamEvent.Done("msg_01", 4, StopReason.STOP_SEQUENCE, "END", new Usage(10, 2, 3), new Timings(1, 20L, 300)),
                new StreamEvent.Done("msg_01", 4, StopReason.END_TURN, null, Usage.ZERO, new Timings(1, null, 300)),
                new StreamEvent.Error("msg_01", 5, ErrorType.INTERRUPTED, "the worker went silent")
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("events")
    void streamEventsSurviveARoundTrip(StreamEvent event) {
        assertThat(Codec.EVENT.decode(Codec.EVENT.encode(event))).isEqualTo(event);
    }

    @Test
    void aJobCarriesAToolInputAsDeepAsAClientMaySend() {
        String deep = "{\"a\":".repeat(Json.CLIENT_NESTING_DEPTH - 1) + "1" + "}".repeat(Json.CLIENT_NESTING_DEPTH - 1);
        GenerationJob sample = Samples.job();
        ChatRequest request = sample.request();
        List<Message> messages = new java.util.ArrayList<>(request.messages());
        messages.add(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("toolu_deep", "Bash", Samples.object(deep)))));
        GenerationJob job = new GenerationJob(sample.schemaVersion(), sample.jobId(), sample.conversationId(), sample.clientKind(),
                sample.requestedModel(), sample.model(), sample.pool(), sample.replyChannel(), sample.createdAt(), sample.deadline(),
                new ChatRequest(request.system(), messages, request.tools(), request.toolChoice(), request.sampling()), null);

        assertThat(Codec.JOB.decode(Codec.JOB.encode(job))).isEqualTo(job);
    }

    @Test
    void jobSurvivesARoundTrip() {
        var job = Samples.job();
        assertThat(Codec.JOB.decode(Codec.JOB.encode(job))).isEqualTo(job);
    }

    @ParameterizedTest
    @EnumSource(CompletionStatus.class)
    void completionSurvivesARoundTrip(CompletionStatus status) {
        var completion = Samples.completion(status);
        assertThat(Codec.COMPLETION.decode(Codec.COMPLETION.encode(completion))).isEqualTo(completion);
    }

    @Test
    void modelOperationsAndTheirEventsSurviveARoundTrip() {
        var pull = ModelOperation.of("op-1",
                ModelOperation.Kind.PULL, "smollm2:135m", RedisKeys.modelOperationReplies("op-1"));
        String wire = Codec.MODEL_OPERATION.encodeToString(pull);
        assertThat(Codec.MODEL_OPERATION.decode(wire)).isEqualTo(pull);
        assertThat(wire).contains("\"kind\":\"pull\"");
        assertThat(ModelOperation.isOperation(wire)).isTrue();
        assertThat(ModelOperation.isOperation("job-42")).isFalse();

        var progress = ModelOperationEvent.progress("op-1", "w", "http://h:11434",
                new PullProgress("pulling 6a07", "sha256:6a07", 100L, 40L));
        var failed = ModelOperationEvent.failed("op-1", "w", "http://h:11434",
                ErrorType.NOT_FOUND, "model 'x' not found");
        var shown = ModelOperationEvent.done("op-1", "w", "http://h:11434",
                Json.mapper().createObjectNode().put("modelfile", "FROM x"));
        for (var event : List.of(progress, failed, shown)) {
            assertThat(Codec.MODEL_OPERATION_EVENT.decode(Codec.MODEL_OPERATION_EVENT.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void workerStatusSurvivesARoundTrip() {
        var status = Samples.workerStatus();
        assertThat(Codec.WORKER_STATUS.decode(Codec.WORKER_STATUS.encode(status))).isEqualTo(status);
    }

    @Test
    void enumsTravelAsLowerSnakeCase() throws Exception {
        var tree = Json.mapper().readTree(Codec.COMPLETION.encode(Samples.completion(CompletionStatus.OK)));
        assertThat(tree.get("status").asText()).isEqualTo("ok");
        assertThat(tree.get("stopReason").asText()).isEqualTo("tool_use");
        assertThat(tree.get("clientKind").asText()).isEqualTo("claude_code");
        assertThat(tree.get("messages").get(2).get("content").get(1).get("type").asText()).isEqualTo("tool_use");
        assertThat(tree.get("createdAt").asText()).isEqualTo("2026-11-21T10:15:30.123456789Z");
    }
}
