package dev.switchboard.worker.ollama.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lines as Ollama writes them (docs/api.md, "Chat request (Streaming)" and "(Streaming with tools)"). */
class ChatResponseMapperTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("a piece of text",
                        """
                        {"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The","images":null},"done":false}""",
                        List.of(new BackendEvent.Text("The"))),
                Arguments.of("an empty piece is skipped",
                        """
                        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":""},"done":false}""",
                        List.of()),
                Arguments.of("a piece of reasoning",
                        """
                        {"model":"qwen3","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","thinking":"Let me count the r's"},"done":false}""",
                        List.of(new BackendEvent.Thinking("Let me count the r's"))),
                Arguments.of("reasoning and text on one line: reasoning first",
                        """
                        {"model":"qwen3","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"Three.","thinking":"done."},"done":false}""",
                        List.of(new BackendEvent.Thinking("done."), new BackendEvent.Text("Three."))),
                Arguments.of("a tool call with an object as arguments and no id (Ollama before 0.12.10)",
                        """
                        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}""",
                        List.of(new BackendEvent.ToolCall(null, "get_weather", object("{\"city\":\"Tokyo\"}")))),
                Arguments.of("two tool calls with ids",
                        """
                        {"model":"qwen3","created_at":"2025-11-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_k3ba8vfd","function":{"index":0,"name":"Read","arguments":{"file_path":"/tmp/a","limit":20}}},{"id":"call_0z1x9e2q","function":{"index":1,"name":"Bash","arguments":{"command":"ls"}}}]},"done":false}""",
                        List.of(new BackendEvent.ToolCall("call_k3ba8vfd", "Read", object("{\"file_path\":\"/tmp/a\",\"limit\":20}")),
                                new BackendEvent.ToolCall("call_0z1x9e2q", "Bash", object("{\"command\":\"ls\"}")))),
                Arguments.of("a tool call whose arguments arrive as a JSON string",
                        """
                        {"model":"x","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\", \\"unit\\": \\"c\\"}"}}]},"done":false}""",
                        List.of(new BackendEvent.ToolCall(null, "get_weather", object("{\"city\":\"Paris\",\"unit\":\"c\"}")))),
                Arguments.of("a tool call without arguments",
                        """
                        {"model":"x","created_at":"2025-07-07T20:22:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"now"}}]},"done":false}""",
                        List.of(new BackendEvent.ToolCall(null, "now", object("{}")))),
                Arguments.of("the last line: stop",
                        """
                        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":15,"eval_duration":115959084}""",
                        List.of(new BackendEvent.Finished(StopReason.END_TURN, null, 169, 0, 15))),
                Arguments.of("the last line: length",
                        """
                        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"length","done":true,"prompt_eval_count":26,"eval_count":100}""",
                        List.of(new BackendEvent.Finished(StopReason.MAX_TOKENS, null, 26, 0, 100))),
                Arguments.of("the last line carries the text a tool parser held back",
                        """
                        {"model":"llama3.2","created_at":"2025-07-07T20:22:19.19314Z","message":{"role":"assistant","content":"[not a call]"},"done_reason":"stop","done":true,"prompt_eval_count":40,"eval_count":5}""",
                        List.of(new BackendEvent.Text("[not a call]"), new BackendEvent.Finished(StopReason.END_TURN, null, 40, 0, 5))),
                Arguments.of("the last line of a model load: no counts",
                        """
                        {"model":"llama3.2","created_at":"2024-09-12T21:17:29.110811Z","message":{"role":"assistant","content":""},"done_reason":"load","done":true}""",
                        List.of(new BackendEvent.Finished(StopReason.END_TURN, null, 0, 0, 0))),
                Arguments.of("the last line without done_reason (older Ollama)",
                        """
                        {"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","done":true,"total_duration":8113331500,"prompt_eval_count":61,"eval_count":468}""",
                        List.of(new BackendEvent.Finished(StopReason.END_TURN, null, 61, 0, 468))),
                Arguments.of("a blank line", "   ", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void lines(String name, String line, List<BackendEvent> expected) {
        assertThat(ChatResponseMapper.events(line)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("an error line mid-stream",
                        "{\"error\":\"an error was encountered while running the model\"}", "an error was encountered while running the model"),
                Arguments.of("a line that is not JSON", "<html>502 Bad Gateway</html>", "not JSON"),
                Arguments.of("arguments that are not an object",
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]},\"done\":false}",
                        "not a JSON object"),
                Arguments.of("a tool call without a name",
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"arguments\":{}}}]},\"done\":false}",
                        "without a name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void failures(String name, String line, String message) {
        assertThatThrownBy(() -> ChatResponseMapper.events(line))
                .isInstanceOfSatisfying(BackendException.class, failure -> assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR))
                .hasMessageContaining(message);
    }
}
