package dev.switchboard.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.ResponseFormat;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.chat.ThinkingConfig;
import dev.switchboard.contract.chat.ToolChoice;
import dev.switchboard.contract.chat.ToolDefinition;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Records with every field and every block type filled, for round-trip tests. */
final class Samples {

    static final Instant T0 = Instant.parse("2026-11-21T10:15:30.123456789Z");

    private Samples() {
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ChatRequest fullRequest() {
        List<Message> messages = List.of(
                Message.text(Role.SYSTEM, "Be brief."),
                new Message(Role.USER, List.of(
                        new ContentBlock.Text("What is in this picture? ünïcødé ✓"),
                        new ContentBlock.Image("image/png", "iVBORw0KGgo="))),
                new Message(Role.ASSISTANT, List.of(
                        new ContentBlock.Thinking("Let me look.", "sig-1"),
                        new ContentBlock.ToolUse("toolu_01", "Bash", object("{\"command\":\"ls -la\",\"timeout\":5}")))),
                new Message(Role.USER, List.of(
                        new ContentBlock.ToolResult("toolu_01", List.of(new ContentBlock.Text("a.txt\nb.txt")), false))),
                new Message(Role.TOOL, List.of(
                        new ContentBlock.ToolResult("toolu_02", List.of(new ContentBlock.Text("boom")), true))));
        List<ToolDefinition> tools = List.of(new ToolDefinition("Bash", "Runs a shell command",
                object("{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}},\"required\":[\"command\"]}")));
        Sampling sampling = new Sampling(1024, 0.7, 0.9, 40, List.of("\n\nHuman:"), new ThinkingConfig(true, 2048), 42);
        return new ChatRequest("You are a coding assistant.", messages, tools,
                new ToolChoice(ToolChoice.Mode.TOOL, "Bash", true), sampling,
                new ResponseFormat.JsonSchema("listing", object("{\"type\":\"object\"}"), true), "10m");
    }

    static GenerationJob job() {
        return new GenerationJob(SchemaVersion.CURRENT, "msg_01", "session-1", ClientKind.CLAUDE_CODE,
                "claude-sonnet-4-5", "qwen2.5-coder:7b", "ollama", RedisKeys.replyChannel("gw-1"),
                T0, T0.plusSeconds(600), fullRequest(), "key-1");
    }

    static Completion completion(CompletionStatus status) {
        boolean ok = status == CompletionStatus.OK;
        return new Completion(SchemaVersion.CURRENT, "msg_01", "session-1", ClientKind.CLAUDE_CODE,
                "claude-sonnet-4-5", "qwen2.5-coder:7b", "ollama", "worker-a", "key-1", status,
                ok ? StopReason.TOOL_USE : null, null,
                ok ? null : new CompletionError(ErrorType.CANCELLED, "stopped by the client"),
                new Usage(1200, 1000, 42), new Timings(12, 250L, 3000),
                T0, T0.plusSeconds(3), "You are a coding assistant.", fullRequest().messages(),
                List.of(new ContentBlock.Text("Listing."),
                        new ContentBlock.ToolUse("toolu_03", "Bash", object("{\"command\":\"ls\"}"))));
    }

    static WorkerStatus workerStatus() {
        return new WorkerStatus(SchemaVersion.CURRENT, "worker-a", "ollama", "ollama", "http://127.0.0.1:11434", true,
                List.of(new ModelInfo("qwen2.5-coder:7b", 32768, Set.of(Capability.TOOLS))
                                .withLoaded(new ModelInfo.Loaded(8192, 5_400_000_000L, Instant.parse("2026-01-01T10:30:00Z"))),
                        new ModelInfo("qwen3:8b", 40960, Set.of(Capability.TOOLS, Capability.THINKING)),
                        new ModelInfo("mystery", null, Set.of())),
                1, 4, T0);
    }
}
