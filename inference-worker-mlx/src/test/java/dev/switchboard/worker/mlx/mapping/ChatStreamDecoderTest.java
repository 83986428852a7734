package dev.switchboard.worker.mlx.mapping;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.worker.core.backend.BackendEvent;
import dev.switchboard.worker.core.backend.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.worker.core.testkit.TestJobs.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams as the servers write them: mlx_lm.server's {@code server.py} (Python's json.dumps
 * spacing, every delta with its role, the last chunk carrying the rest of the answer, the usage
 * chunk labelled {@code chat.completion}), llama.cpp's server (a first delta with
 * {@code content: null}, {@code reasoning_content}, tool calls in pieces), and vLLM.
 */
class ChatStreamDecoderTest {

    private static final String MLX = "{\"id\": \"chatcmpl-6e9c1d3a-3b1f-4c1e-9d0e-2f7f1c0b9a55\", \"system_fingerprint\": "
            + "\"0.29.1-0.29.3-macOS-15.6-arm64-arm-64bit-applegpu_g15s\", \"object\": \"chat.completion.chunk\", "
            + "\"model\": \"mlx-community/Qwen3-4B-4bit\", \"created\": 1755600000, \"choices\": [{\"index\": 0, ";
    private static final String MLX_USAGE = "data: {\"id\": \"chatcmpl-6e9c1d3a-3b1f-4c1e-9d0e-2f7f1c0b9a55\", "
            + "\"system_fingerprint\": \"0.29.1\", \"object\": \"chat.completion\", \"model\": \"mlx-community/Qwen3-4B-4bit\", "
            + "\"created\": 1755600000, \"choices\": [], \"usage\": {\"prompt_tokens\": 412, \"completion_tokens\": 37, "
            + "\"total_tokens\": 449, \"prompt_tokens_details\": {\"cached_tokens\": 384}}}";
    private static final String LLAMA = "{\"created\":1757141666,\"id\":\"chatcmpl-ecQULm0WqPrftUqjPZO1CFYeDjGZNbDu\","
            + "\"model\":\"gpt-oss-20b\",\"system_fingerprint\":\"b6400-4f3f4c8\",\"object\":\"chat.completion.chunk\",\"choices\":[";
    private static final String VLLM = "{\"id\":\"chatcmpl-8d2d1b7e\",\"object\":\"chat.completion.chunk\",\"created\":1757141666,"
            + "\"model\":\"Qwen/Qwen3-8B\",\"choices\":[";

    private static String mlx(String delta, String finishReason) {
        return "data: " + MLX + "\"finish_reason\": " + (finishReason == null ? "null" : "\"" + finishReason + "\"")
                + ", \"delta\": {\"role\": \"assistant\"" + (delta.isEmpty() ? "" : ", " + delta) + "}}]}";
    }

    private static String llama(String choice) {
        return "data: " + LLAMA + choice + "]}";
    }

    private static String vllm(String choice) {
        return "data: " + VLLM + choice + "]}";
    }

    private static BackendEvent.Finished finished(StopReason reason, int in, int cached, int out) {
        return new BackendEvent.Finished(reason, null, in, cached, out);
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("mlx_lm.server: reasoning, text, usage with cached tokens; keepalive comments skipped",
                        List.of(": keepalive 2048/8192", "", mlx("\"reasoning\": \"The user greets.\"", null), "",
                                mlx("\"content\": \"Hello\"", null), "", mlx("\"content\": \" there!\"", null), "",
                                mlx("", "stop"), "", MLX_USAGE, "", "data: [DONE]", ""),
                        List.of(new BackendEvent.Thinking("The user greets."), new BackendEvent.Text("Hello"),
                                new BackendEvent.Text(" there!"), finished(StopReason.END_TURN, 412, 384, 37))),
                Arguments.of("mlx_lm.server: the last chunk carries text together with its finish reason",
                        List.of(mlx("\"content\": \"Once upon\"", null), mlx("\"content\": \" a time\"", "length"), MLX_USAGE, "data: [DONE]"),
                        List.of(new BackendEvent.Text("Once upon"), new BackendEvent.Text(" a time"),
                                finished(StopReason.MAX_TOKENS, 412, 384, 37))),
                Arguments.of("mlx_lm.server: a whole tool call in one chunk, its arguments a complete JSON string",
                        List.of(mlx("\"content\": \"Let me check.\"", null),
                                mlx("\"tool_calls\": [{\"function\": {\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Tokyo\\\"}\"}, "
                                        + "\"type\": \"function\", \"id\": \"3f2a1c9e-5b7d-4e8f-a1b2-c3d4e5f60718\", \"index\": 0}]", null),
                                mlx("", "tool_calls"), MLX_USAGE, "data: [DONE]"),
                        List.of(new BackendEvent.Text("Let me check."),
                                new BackendEvent.ToolCall("3f2a1c9e-5b7d-4e8f-a1b2-c3d4e5f60718", "get_weather", object("{\"city\":\"Tokyo\"}")),
                                finished(StopReason.TOOL_USE, 412, 384, 37))),
                Arguments.of("mlx_lm.server: two whole calls, the second in the finishing chunk",
                        List.of(mlx("\"tool_calls\": [{\"function\": {\"name\": \"Read\", \"arguments\": \"{\\\"path\\\": \\\"a\\\"}\"}, "
                                        + "\"type\": \"function\", \"id\": \"id-a\", \"index\": 0}]", null),
                                mlx("\"tool_calls\": [{\"function\": {\"name\": \"Read\", \"arguments\": \"{\\\"path\\\": \\\"b\\\"}\"}, "
                                        + "\"type\": \"function\", \"id\": \"id-b\", \"index\": 1}]", "tool_calls"),
                                "data: [DONE]"),
                        List.of(new BackendEvent.ToolCall("id-a", "Read", object("{\"path\":\"a\"}")),
                                new BackendEvent.ToolCall("id-b", "Read", object("{\"path\":\"b\"}")),
                                finished(StopReason.TOOL_USE, 0, 0, 0))),
                Arguments.of("older mlx_lm.server: every delta with empty content, reasoning and tool_calls",
                        List.of("data: " + MLX + "\"finish_reason\": null, \"delta\": {\"role\": \"assistant\", \"content\": \"Hi\", "
                                        + "\"reasoning\": \"\", \"tool_calls\": []}}]}",
                                "data: " + MLX + "\"finish_reason\": \"stop\", \"delta\": {\"role\": \"assistant\", \"content\": \"\", "
                                        + "\"reasoning\": null, \"tool_calls\": []}}]}",
                                "data: [DONE]"),
                        List.of(new BackendEvent.Text("Hi"), finished(StopReason.END_TURN, 0, 0, 0))),
                Arguments.of("llama.cpp: content null first, reasoning_content, tool call in pieces by index, usage after",
                        List.of(llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"reasoning_content\":\"Need the weather.\"}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"Xq1bTqJ3\","
                                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Tokyo\\\"}\"}}]}}"),
                                llama("{\"finish_reason\":\"tool_calls\",\"index\":0,\"delta\":{}}"),
                                "data: {\"choices\":[],\"created\":1757141666,\"id\":\"chatcmpl-ecQU\",\"model\":\"gpt-oss-20b\","
                                        + "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":48,\"prompt_tokens\":44,"
                                        + "\"total_tokens\":92,\"prompt_tokens_details\":{\"cached_tokens\":0}},"
                                        + "\"timings\":{\"cache_n\":0,\"prompt_n\":44,\"predicted_n\":48}}",
                                "data: [DONE]"),
                        List.of(new BackendEvent.Thinking("Need the weather."),
                                new BackendEvent.ToolCall("Xq1bTqJ3", "get_weather", object("{\"city\":\"Tokyo\"}")),
                                finished(StopReason.TOOL_USE, 44, 0, 48))),
                Arguments.of("llama.cpp: parallel calls, each assembled by its index; empty arguments are {}",
                        List.of(llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"type\":\"function\","
                                        + "\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"pa\"}}]}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"type\":\"function\","
                                        + "\"function\":{\"name\":\"Now\",\"arguments\":\"\"}}]}}"),
                                llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"th\\\":\\\"x\\\"}\"}}]}}"),
                                llama("{\"finish_reason\":\"tool_calls\",\"index\":0,\"delta\":{}}"),
                                "data: [DONE]"),
                        List.of(new BackendEvent.ToolCall("a", "Read", object("{\"path\":\"x\"}")),
                                new BackendEvent.ToolCall("b", "Now", object("{}")), finished(StopReason.TOOL_USE, 0, 0, 0))),
                Arguments.of("llama.cpp: usage in the finishing chunk, a [DONE] without a line after it",
                        List.of(llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Yes\"}}"),
                                "data: " + LLAMA + "{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],"
                                        + "\"usage\":{\"completion_tokens\":1,\"prompt_tokens\":9,\"total_tokens\":10}}",
                                "data: [DONE]"),
                        List.of(new BackendEvent.Text("Yes"), finished(StopReason.END_TURN, 9, 0, 1))),
                Arguments.of("vLLM: name first without arguments, then fragments; reasoning; usage chunk",
                        List.of(vllm("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"reasoning\":\"Weather.\"},\"logprobs\":null,\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"chatcmpl-tool-5e1f\",\"type\":\"function\",\"index\":0,"
                                        + "\"function\":{\"name\":\"get_weather\"}}]},\"logprobs\":null,\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"\"}}]},"
                                        + "\"logprobs\":null,\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"Paris\\\"}\"}}]},"
                                        + "\"logprobs\":null,\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":\"tool_calls\",\"stop_reason\":null}"),
                                "data: " + VLLM + "],\"usage\":{\"prompt_tokens\":230,\"total_tokens\":262,\"completion_tokens\":32}}",
                                "data: [DONE]"),
                        List.of(new BackendEvent.Thinking("Weather."),
                                new BackendEvent.ToolCall("chatcmpl-tool-5e1f", "get_weather", object("{\"city\":\"Paris\"}")),
                                finished(StopReason.TOOL_USE, 230, 0, 32))),
                Arguments.of("vLLM: reasoning and reasoning_content both sent count once",
                        List.of(vllm("{\"index\":0,\"delta\":{\"reasoning\":\"Hmm\",\"reasoning_content\":\"Hmm\"},\"finish_reason\":null}"),
                                vllm("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\",\"stop_reason\":null}"),
                                "data: [DONE]"),
                        List.of(new BackendEvent.Thinking("Hmm"), new BackendEvent.Text("Hi"), finished(StopReason.END_TURN, 0, 0, 0))),
                Arguments.of("vLLM: a matched stop string is a stop sequence",
                        List.of(vllm("{\"index\":0,\"delta\":{\"content\":\"a, b\"},\"finish_reason\":\"stop\",\"stop_reason\":\"</list>\"}"),
                                "data: [DONE]"),
                        List.of(new BackendEvent.Text("a, b"), new BackendEvent.Finished(StopReason.STOP_SEQUENCE, "</list>", 0, 0, 0))),
                Arguments.of("a finish reason of tool_calls without a call that could be read ends the turn",
                        List.of(mlx("\"content\": \"<tool_call>oops\"", null), mlx("", "tool_calls"), "data: [DONE]"),
                        List.of(new BackendEvent.Text("<tool_call>oops"), finished(StopReason.END_TURN, 0, 0, 0))),
                Arguments.of("a tool call cut by max_tokens is dropped; the stop reason says why",
                        List.of(llama("{\"finish_reason\":null,\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                                        + "\"function\":{\"name\":\"Write\",\"arguments\":\"{\\\"content\\\": \\\"long\"}}]}}"),
                                llama("{\"finish_reason\":\"length\",\"index\":0,\"delta\":{}}"), "data: [DONE]"),
                        List.of(finished(StopReason.MAX_TOKENS, 0, 0, 0))),
                Arguments.of("other finish reasons end the turn",
                        List.of(llama("{\"finish_reason\":\"content_filter\",\"index\":0,\"delta\":{}}"), "data: [DONE]"),
                        List.of(finished(StopReason.END_TURN, 0, 0, 0))),
                Arguments.of("CRLF-free lines, SSE fields other than data, and data without a space",
                        List.of("event: message", "id: 7", "retry: 1000", "data:" + MLX + "\"finish_reason\": \"stop\", \"delta\": "
                                + "{\"role\": \"assistant\", \"content\": \"ok\"}}]}", "data:[DONE]"),
                        List.of(new BackendEvent.Text("ok"), finished(StopReason.END_TURN, 0, 0, 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void streams(String name, List<String> lines, List<BackendEvent> expected) {
        ChatStreamDecoder decoder = new ChatStreamDecoder();
        List<BackendEvent> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(decoder.line(line));
        }

        assertThat(events).containsExactlyElementsOf(expected);
        assertThat(decoder.done()).isTrue();
        assertThat(decoder.end()).isEmpty();
    }

    @Test
    void nothingCountsAfterDone() {
        ChatStreamDecoder decoder = new ChatStreamDecoder();
        decoder.line("data: [DONE]");

        assertThat(decoder.line(mlx("\"content\": \"late\"", null))).isEmpty();
    }

    @Test
    void aStreamThatReachedItsFinishReasonButNotDoneEndsWithTheUsageItHas() {
        ChatStreamDecoder decoder = new ChatStreamDecoder();
        decoder.line(mlx("\"content\": \"Hi\"", "stop"));

        assertThat(decoder.done()).isFalse();
        assertThat(decoder.end()).containsExactly(finished(StopReason.END_TURN, 0, 0, 0));
    }

    @Test
    void aStreamCutBeforeItsFinishReasonIsABackendError() {
        ChatStreamDecoder decoder = new ChatStreamDecoder();
        decoder.line(mlx("\"content\": \"Half an ans\"", null));

        assertThatThrownBy(decoder::end).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains("ended before the answer did");
        });
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("OpenAI / vLLM / current llama.cpp",
                        "data: {\"error\":{\"object\":\"error\",\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}",
                        "CUDA out of memory"),
                Arguments.of("an error as a string", "data: {\"error\": \"Metal ran out of memory\"}", "Metal ran out of memory"),
                Arguments.of("older vLLM", "data: {\"object\":\"error\",\"message\":\"Engine died\",\"type\":\"InternalServerError\",\"code\":500}",
                        "Engine died"),
                Arguments.of("llama.cpp before September 2025",
                        "error: {\"code\":400,\"message\":\"the request exceeds the available context size\",\"type\":\"invalid_request_error\"}",
                        "the request exceeds the available context size"),
                Arguments.of("a payload that is not JSON", "data: <html>502 Bad Gateway</html>", "not a JSON object"),
                Arguments.of("arguments that are not JSON, naming the tool",
                        "data: " + MLX + "\"finish_reason\": \"tool_calls\", \"delta\": {\"role\": \"assistant\", \"tool_calls\": "
                                + "[{\"function\": {\"name\": \"Bash\", \"arguments\": \"{command: ls\"}, \"type\": \"function\", \"id\": \"x\", \"index\": 0}]}}]}",
                        "arguments for tool Bash that are not a JSON object: {command: ls"),
                Arguments.of("a call without a name",
                        "data: " + LLAMA + "{\"finish_reason\":\"tool_calls\",\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                                + "\"function\":{\"arguments\":\"{}\"}}]}}]}",
                        "tool call without a name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void errors(String name, String line, String message) {
        ChatStreamDecoder decoder = new ChatStreamDecoder();
        decoder.line(mlx("\"content\": \"Yes\"", null));

        assertThatThrownBy(() -> decoder.line(line)).isInstanceOfSatisfying(BackendException.class, failure -> {
            assertThat(failure.type()).isEqualTo(ErrorType.BACKEND_ERROR);
            assertThat(failure.getMessage()).contains(message);
        });
    }

    @Test
    void aPieceWithoutAnIndexContinuesTheLatestCallUnlessItBringsANewId() {
        ToolCallAssembler calls = new ToolCallAssembler();
        calls.add(object("{\"id\":\"a\",\"function\":{\"name\":\"One\",\"arguments\":\"{\\\"x\\\":\"}}"));
        calls.add(object("{\"function\":{\"arguments\":\"1}\"}}"));
        calls.add(object("{\"id\":\"b\",\"function\":{\"name\":\"Two\",\"arguments\":{\"y\":2}}}"));

        assertThat(calls.complete(false)).containsExactly(
                new BackendEvent.ToolCall("a", "One", object("{\"x\":1}")),
                new BackendEvent.ToolCall("b", "Two", object("{\"y\":2}")));
    }
}
