package dev.switchboard.gateway.anthropic.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static dev.switchboard.gateway.anthropic.mapping.JsonEdits.parse;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamRendererTest {

    private static final String JOB = "msg_01TestJob000000000000000";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final Timings TIMINGS = new Timings(3, 40L, 900);

    private final AnthropicStreamRenderer renderer = new AnthropicStreamRenderer(JOB, MODEL, 120);
    private long seq;

    private StreamEvent started() {
        return new StreamEvent.Started(JOB, seq++, "worker-1", 3);
    }

    private StreamEvent text(String text) {
        return new StreamEvent.TextDelta(JOB, seq++, text);
    }

    private StreamEvent thinking(String text) {
        return new StreamEvent.ThinkingDelta(JOB, seq++, text);
    }

    private StreamEvent tool(String id, String name, String input) {
        return new StreamEvent.ToolCall(JOB, seq++, id, name, input == null ? null : (ObjectNode) parse(input));
    }

    private StreamEvent done(StopReason reason, String stopSequence, Usage usage) {
        return new StreamEvent.Done(JOB, seq++, reason, stopSequence, usage, TIMINGS);
    }

    private StreamEvent done(StopReason reason) {
        return done(reason, null, new Usage(120, 0, 9));
    }

    private StreamEvent error(ErrorType type, String message) {
        return new StreamEvent.Error(JOB, seq++, type, message);
    }

    /** start() then every event, as the streaming route does. */
    private List<SseEvent> render(StreamEvent... events) {
        List<SseEvent> out = new ArrayList<>(renderer.start());
        for (StreamEvent event : events) {
            out.addAll(renderer.on(event));
        }
        return out;
    }

    /** Event names with their index and block or delta type: a compact picture of the sequence. */
    private static List<String> outline(StreamReplay replay) {
        List<String> outline = new ArrayList<>();
        for (JsonNode event : replay.events) {
            String type = event.get("type").asText();
            outline.add(switch (type) {
                case "content_block_start" -> type + " " + event.get("index") + " " + event.at("/content_block/type").asText();
                case "content_block_delta" -> type + " " + event.get("index") + " " + event.at("/delta/type").asText();
                case "content_block_stop" -> type + " " + event.get("index");
                case "message_delta" -> type + " " + event.at("/delta/stop_reason").asText();
                default -> type;
            });
        }
        return outline;
    }

    /** The non-streaming message equals the one the stream describes. */
    private void assertMessageMatchesStream(StreamReplay replay) {
        assertThat(renderer.message()).isEqualTo(replay.message);
    }

    @Test
    void textOnly() {
        StreamReplay replay = StreamReplay.of(render(started(), text("Hel"), text("lo!"), done(StopReason.END_TURN, null, new Usage(130, 0, 5))));

        assertThat(outline(replay)).containsExactly(
                "message_start",
                "content_block_start 0 text",
                "content_block_delta 0 text_delta",
                "content_block_delta 0 text_delta",
                "content_block_stop 0",
                "message_delta end_turn",
                "message_stop");
        assertThat(replay.events.get(0)).isEqualTo(parse("""
                {"type":"message_start","message":{"id":"msg_01TestJob000000000000000","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,
                 "usage":{"input_tokens":120,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}"""));
        assertThat(replay.events.get(1)).isEqualTo(parse("""
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
        assertThat(replay.events.get(2)).isEqualTo(parse("""
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"""));
        assertThat(replay.events.get(4)).isEqualTo(parse("""
                {"type":"content_block_stop","index":0}"""));
        assertThat(replay.events.get(5)).isEqualTo(parse("""
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                 "usage":{"input_tokens":130,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}"""));
        assertThat(replay.events.get(6)).isEqualTo(parse("{\"type\":\"message_stop\"}"));
        assertThat(renderer.message()).isEqualTo(parse("""
                {"id":"msg_01TestJob000000000000000","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":130,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5}}"""));
        assertMessageMatchesStream(replay);
        assertThat(renderer.isFinished()).isTrue();
    }

    @Test
    void thinkingThenText() throws Exception {
        StreamReplay replay = StreamReplay.of(render(started(), thinking("Let me"), thinking(" think."), text("Answer."), done(StopReason.END_TURN)));

        assertThat(outline(replay)).containsExactly(
                "message_start",
                "content_block_start 0 thinking",
                "content_block_delta 0 thinking_delta",
                "content_block_delta 0 thinking_delta",
                "content_block_delta 0 signature_delta",
                "content_block_stop 0",
                "content_block_start 1 text",
                "content_block_delta 1 text_delta",
                "content_block_stop 1",
                "message_delta end_turn",
                "message_stop");
        assertThat(replay.events.get(1)).isEqualTo(parse("""
                {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""));
        String signature = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("Let me think.".getBytes(StandardCharsets.UTF_8)));
        assertThat(replay.events.get(4)).isEqualTo(parse(
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + signature + "\"}}"));
        assertThat(renderer.message().get("content")).isEqualTo(parse(
                "[{\"type\":\"thinking\",\"thinking\":\"Let me think.\",\"signature\":\"" + signature + "\"},{\"type\":\"text\",\"text\":\"Answer.\"}]"));
        assertMessageMatchesStream(replay);
    }

    @Test
    void textThenToolCallStopsWithToolUseEvenWhenDoneSaysEndTurn() {
        StreamReplay replay = StreamReplay.of(render(started(), text("I'll check the weather."),
                tool("toolu_01Abc", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"), done(StopReason.END_TURN)));

        assertThat(outline(replay)).containsExactly(
                "message_start",
                "content_block_start 0 text",
                "content_block_delta 0 text_delta",
                "content_block_stop 0",
                "content_block_start 1 tool_use",
                "content_block_delta 1 input_json_delta",
                "content_block_stop 1",
                "message_delta tool_use",
                "message_stop");
        assertThat(replay.events.get(4)).isEqualTo(parse("""
                {"type":"content_block_start","index":1,
                 "content_block":{"type":"tool_use","id":"toolu_01Abc","name":"get_weather","input":{}}}"""));
        assertThat(replay.message.at("/content/1/input")).isEqualTo(parse("{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
        assertThat(renderer.message().get("stop_reason").asText()).isEqualTo("tool_use");
        assertMessageMatchesStream(replay);
    }

    @Test
    void whitespaceBeforeAToolCallIsDropped() {
        StreamReplay replay = StreamReplay.of(render(started(), text("\n\n"), text("  "),
                tool("toolu_1", "Bash", "{\"command\":\"ls\"}"), done(StopReason.TOOL_USE)));

        assertThat(outline(replay)).containsExactly(
                "message_start",
                "content_block_start 0 tool_use",
                "content_block_delta 0 input_json_delta",
                "content_block_stop 0",
                "message_delta tool_use",
                "message_stop");
        assertThat(replay.blockTypes()).containsExactly("tool_use");
        assertMessageMatchesStream(replay);
    }

    @Test
    void whitespaceAfterThinkingAndBeforeAToolCallIsDroppedToo() {
        StreamReplay replay = StreamReplay.of(render(thinking("\n"), thinking("Need ls."), text("\n\n"),
                tool(null, "Bash", "{\"command\":\"ls\"}"), done(StopReason.TOOL_USE)));

        assertThat(replay.blockTypes()).containsExactly("thinking", "tool_use");
        assertThat(replay.message.at("/content/0/thinking").asText()).isEqualTo("\nNeed ls.");
        assertMessageMatchesStream(replay);
    }

    @Test
    void leadingWhitespaceStaysInTheTextItPrecedes() {
        StreamReplay replay = StreamReplay.of(render(text(""), text("\n"), text("Hi"), text(" "), done(StopReason.END_TURN)));

        assertThat(outline(replay)).containsExactly("message_start", "content_block_start 0 text",
                "content_block_delta 0 text_delta", "content_block_delta 0 text_delta", "content_block_stop 0",
                "message_delta end_turn", "message_stop");
        assertThat(replay.events.get(2).at("/delta/text").asText()).isEqualTo("\nHi");
        assertThat(renderer.message().at("/content/0/text").asText()).isEqualTo("\nHi ");
        assertMessageMatchesStream(replay);
    }

    @Test
    void noTextBlockForEmptyOrBlankOutput() {
        StreamReplay replay = StreamReplay.of(render(started(), text(""), text("  \n"), done(StopReason.END_TURN)));

        assertThat(outline(replay)).containsExactly("message_start", "message_delta end_turn", "message_stop");
        assertThat(renderer.message().get("content")).isEmpty();
        assertMessageMatchesStream(replay);
    }

    @Test
    void twoToolCallsGetTheirOwnBlocksAndUniqueClientIds() {
        StreamReplay replay = StreamReplay.of(render(started(),
                tool("call_0", "Read", "{\"file_path\":\"/a\"}"),
                tool("call_0", "Read", "{\"file_path\":\"/b\"}"),
                tool(null, "Glob", null),
                done(StopReason.END_TURN)));

        assertThat(outline(replay)).containsExactly(
                "message_start",
                "content_block_start 0 tool_use", "content_block_delta 0 input_json_delta", "content_block_stop 0",
                "content_block_start 1 tool_use", "content_block_delta 1 input_json_delta", "content_block_stop 1",
                "content_block_start 2 tool_use", "content_block_delta 2 input_json_delta", "content_block_stop 2",
                "message_delta tool_use", "message_stop");
        List<String> ids = replay.message.get("content").findValuesAsText("id");
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("toolu_[A-Za-z0-9_-]+"));
        assertThat(ids.getFirst()).isEqualTo("toolu_call_0");
        assertThat(replay.message.at("/content/1/input/file_path").asText()).isEqualTo("/b");
        assertThat(replay.message.at("/content/2/input")).isEqualTo(parse("{}"));
        assertMessageMatchesStream(replay);
    }

    @Test
    void longToolInputComesInPiecesThatConcatenateToTheArguments() {
        String content = "emoji 😀 and accents é ".repeat(200);
        ObjectNode input = (ObjectNode) parse("{\"file_path\":\"/tmp/x.txt\"}");
        input.put("content", content);
        List<SseEvent> stream = render(new StreamEvent.ToolCall(JOB, seq++, "toolu_w", "Write", input), done(StopReason.TOOL_USE));
        StreamReplay replay = StreamReplay.of(stream);

        List<String> pieces = replay.events.stream()
                .filter(e -> e.at("/delta/type").asText().equals("input_json_delta"))
                .map(e -> e.at("/delta/partial_json").asText())
                .toList();
        assertThat(pieces).hasSizeBetween(2, AnthropicStreamRenderer.INPUT_PIECES_MAX);
        assertThat(pieces).allSatisfy(piece -> {
            assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(piece.charAt(0))).isFalse();
        });
        assertThat(parse(String.join("", pieces))).isEqualTo(input);
        assertThat(replay.message.at("/content/0/input")).isEqualTo(input);
        assertMessageMatchesStream(replay);
    }

    @Test
    void piecesNeverSplitASurrogatePair() {
        String json = "\"" + "😀".repeat(300) + "\"";

        List<String> pieces = AnthropicStreamRenderer.pieces(json);

        assertThat(String.join("", pieces)).isEqualTo(json);
        assertThat(pieces).allSatisfy(piece -> assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse());
        assertThat(AnthropicStreamRenderer.pieces("{}")).containsExactly("{}");
    }

    @Test
    void maxTokens() {
        StreamReplay replay = StreamReplay.of(render(started(), text("A long ans"), done(StopReason.MAX_TOKENS)));

        assertThat(outline(replay)).endsWith("content_block_stop 0", "message_delta max_tokens", "message_stop");
        assertThat(replay.events.get(4).get("delta")).isEqualTo(parse("{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null}"));
        assertMessageMatchesStream(replay);
    }

    @Test
    void stopSequenceCarriesTheSequence() {
        StreamReplay replay = StreamReplay.of(render(text("1, 2, 3"), done(StopReason.STOP_SEQUENCE, "4", new Usage(10, 0, 6))));

        assertThat(replay.events.get(4).get("delta")).isEqualTo(parse("{\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"4\"}"));
        assertThat(renderer.message().get("stop_sequence").asText()).isEqualTo("4");
        assertMessageMatchesStream(replay);
    }

    @Test
    void aStopSequenceIsOnlyReportedWithTheStopSequenceReason() {
        StreamReplay replay = StreamReplay.of(render(text("done"), done(StopReason.END_TURN, "4", Usage.ZERO)));

        assertThat(replay.message.get("stop_sequence").isNull()).isTrue();
    }

    @Test
    void toolUseClaimedWithoutAToolCallEndsTheTurn() {
        StreamReplay replay = StreamReplay.of(render(text("Nothing to call."), done(StopReason.TOOL_USE)));

        assertThat(replay.message.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void textAfterAToolCallIsItsOwnBlockAndTheStopReasonStaysToolUse() {
        StreamReplay replay = StreamReplay.of(render(tool("toolu_1", "Bash", "{}"), text("Running it."), done(StopReason.END_TURN)));

        assertThat(replay.blockTypes()).containsExactly("tool_use", "text");
        assertThat(replay.message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertMessageMatchesStream(replay);
    }

    @Test
    void thinkingIsSignedAndClosedBeforeAToolCall() {
        StreamReplay replay = StreamReplay.of(render(thinking("I need the weather."), tool("toolu_2", "get_weather", "{\"city\":\"Oslo\"}"),
                done(StopReason.TOOL_USE)));

        assertThat(outline(replay)).containsExactly("message_start",
                "content_block_start 0 thinking", "content_block_delta 0 thinking_delta", "content_block_delta 0 signature_delta",
                "content_block_stop 0",
                "content_block_start 1 tool_use", "content_block_delta 1 input_json_delta", "content_block_stop 1",
                "message_delta tool_use", "message_stop");
        assertMessageMatchesStream(replay);
    }

    @Test
    void errorAfterSomeTextEndsTheStreamWithAnErrorEventOnly() {
        StreamReplay replay = StreamReplay.of(render(started(), text("Hal"), error(ErrorType.OVERLOADED, "Ollama went away")));

        assertThat(outline(replay)).containsExactly("message_start", "content_block_start 0 text",
                "content_block_delta 0 text_delta", "error");
        assertThat(replay.events.getLast()).isEqualTo(parse("""
                {"type":"error","error":{"type":"overloaded_error","message":"Ollama went away"}}"""));
        assertThat(renderer.isFinished()).isTrue();
        assertThat(renderer.on(text("lo"))).isEmpty();
        assertThat(renderer.on(done(StopReason.END_TURN))).isEmpty();
        assertThat(renderer.error("api_error", "again")).isEmpty();
    }

    @Test
    void eventsAfterTheEndAreIgnored() {
        render(text("Hi"), done(StopReason.END_TURN));
        ObjectNode before = renderer.message();

        assertThat(renderer.on(text(" more"))).isEmpty();
        assertThat(renderer.on(tool("toolu_9", "Bash", "{}"))).isEmpty();
        assertThat(renderer.on(done(StopReason.MAX_TOKENS))).isEmpty();
        assertThat(renderer.on(error(ErrorType.BACKEND_ERROR, "late"))).isEmpty();
        assertThat(renderer.error("api_error", "late")).isEmpty();
        assertThat(renderer.start()).isEmpty();
        assertThat(renderer.message()).isEqualTo(before);
    }

    @Test
    void theGatewaysOwnErrorAfterTheStartIsAnErrorEvent() {
        List<SseEvent> stream = render(text("Par"));
        stream.addAll(renderer.error("api_error", "the gateway lost the job"));
        StreamReplay replay = StreamReplay.of(stream);

        assertThat(replay.error).isEqualTo(parse("{\"type\":\"api_error\",\"message\":\"the gateway lost the job\"}"));
        assertThat(renderer.on(text("is"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void errorEventsUseTheSharedErrorTypeMapping(ErrorType type) {
        StreamReplay replay = StreamReplay.of(render(error(type, "boom")));

        assertThat(replay.error.get("type").asText()).isEqualTo(AnthropicErrorTypes.of(type).type());
        assertThat(replay.error.get("message").asText()).isEqualTo("boom");
    }

    @Test
    void startedEmitsNothingAndMessageStartIsSentOnce() {
        assertThat(renderer.start()).extracting(SseEvent::event).containsExactly("message_start");
        assertThat(renderer.start()).isEmpty();
        assertThat(renderer.on(started())).isEmpty();
    }

    @Test
    void eventsBeforeStartBringTheirOwnMessageStart() {
        List<SseEvent> first = renderer.on(text("Hi"));

        assertThat(first).extracting(SseEvent::event).containsExactly("message_start", "content_block_start", "content_block_delta");
        assertThat(renderer.start()).isEmpty();
    }

    @Test
    void usageSeparatesCachedInputAsAnthropicDoes() {
        StreamReplay replay = StreamReplay.of(render(text("ok"), done(StopReason.END_TURN, null, new Usage(1000, 800, 50))));

        assertThat(replay.events.get(4).get("usage")).isEqualTo(parse("""
                {"input_tokens":200,"cache_creation_input_tokens":0,"cache_read_input_tokens":800,"output_tokens":50}"""));
        assertMessageMatchesStream(replay);
    }

    @Test
    void inputTokensFallBackToTheEstimateWhenTheBackendReportsNone() {
        StreamReplay replay = StreamReplay.of(render(text("ok"), done(StopReason.END_TURN, null, null)));

        assertThat(replay.events.get(4).get("usage")).isEqualTo(parse("""
                {"input_tokens":120,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}"""));
    }

    @Test
    void pingAndWireFormat() {
        assertThat(AnthropicStreamRenderer.ping().wire()).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        List<SseEvent> stream = render(text("line one\nline two"));
        String wire = stream.stream().map(SseEvent::wire).collect(Collectors.joining());

        assertThat(wire).startsWith("event: message_start\ndata: {").endsWith("\n\n");
        assertThat(wire.split("\n\n")).hasSize(3).allMatch(event -> event.lines().count() == 2);
    }

    @Test
    void aWholeToolTurnAssemblesTheSameMessageWithoutStreaming() {
        AnthropicStreamRenderer assembled = new AnthropicStreamRenderer(JOB, MODEL, 50);
        for (StreamEvent event : List.of(started(), thinking("Check first."), text("\n"), text("Checking."),
                tool("toolu_7", "get_weather", "{\"city\":\"Rome\"}"), done(StopReason.END_TURN, null, new Usage(64, 0, 21)))) {
            assembled.on(event);
        }

        JsonNode message = assembled.message();
        assertThat(message.get("content")).hasSize(3);
        assertThat(message.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(message.at("/content/0/signature").asText()).isNotEmpty();
        assertThat(message.at("/content/1")).isEqualTo(parse("{\"type\":\"text\",\"text\":\"\\nChecking.\"}"));
        assertThat(message.at("/content/2")).isEqualTo(parse(
                "{\"type\":\"tool_use\",\"id\":\"toolu_7\",\"name\":\"get_weather\",\"input\":{\"city\":\"Rome\"}}"));
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.get("usage")).isEqualTo(parse(
                "{\"input_tokens\":64,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":21}"));
    }
}
