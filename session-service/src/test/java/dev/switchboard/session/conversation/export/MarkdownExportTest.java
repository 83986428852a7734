package dev.switchboard.session.conversation.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.session.conversation.Source;
import dev.switchboard.session.conversation.service.Conversation;
import dev.switchboard.session.conversation.service.ConversationMessage;
import dev.switchboard.session.conversation.service.Transcript;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownExportTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static Conversation conversation(String title) {
        return new Conversation("c-1", title, Source.CLAUDE_CODE, List.of("qwen2.5-coder:7b"), false,
                new Conversation.TokenTotals(1200, 1000, 80), 4, T0, T0.plusSeconds(30));
    }

    private static ConversationMessage message(int position, Role role, String model, String stopReason,
                                               boolean partial, ConversationMessage.Failure error, ContentBlock... content) {
        return spoken(position, role, model, null, stopReason, partial, error, content);
    }

    private static ConversationMessage spoken(int position, Role role, String model, String speaker, String stopReason,
                                              boolean partial, ConversationMessage.Failure error, ContentBlock... content) {
        return new ConversationMessage(position, role, List.of(content), model, "msg_" + position,
                model == null ? null : new Usage(10, 0, 5), stopReason, partial, error, T0.plusSeconds(position), speaker);
    }

    @Test
    void theTurnsOfAMultiModelExchangeShowTheirSpeakers() {
        Transcript transcript = new Transcript(conversation("Tea or coffee?"), List.of(
                message(0, Role.USER, null, null, false, null, new ContentBlock.Text("Tea or coffee?")),
                spoken(1, Role.ASSISTANT, "ollama/qwen3:8b", "Alpha", "end_turn", false, null, new ContentBlock.Text("Tea.")),
                spoken(2, Role.ASSISTANT, "mlx/llama3.2:3b", "Beta", "end_turn", false, null, new ContentBlock.Text("Coffee."))));

        String md = MarkdownExport.render(transcript);

        assertThat(md).contains("### User · 2026-11-21T10:00:00Z\n\nTea or coffee?")
                .contains("### Alpha (ollama/qwen3:8b) · 2026-11-21T10:00:01Z\n\nTea.")
                .contains("### Beta (mlx/llama3.2:3b) · 2026-11-21T10:00:02Z\n\nCoffee.");
    }

    @Test
    void aToolRoundTripReadsAsATranscript() {
        Transcript transcript = new Transcript(conversation("Show the marker"), List.of(
                message(0, Role.USER, null, null, false, null,
                        new ContentBlock.Text("<system-reminder>\nToday's date is 2026-11-21.\n</system-reminder>"),
                        new ContentBlock.Text("Show the marker.")),
                message(1, Role.ASSISTANT, "qwen2.5-coder:7b", "tool_use", false, null,
                        new ContentBlock.Thinking("The user wants the file.", "sig"),
                        new ContentBlock.Text(""),
                        new ContentBlock.ToolUse("toolu_1", "Bash",
                                JsonNodeFactory.instance.objectNode().put("command", "cat marker.txt"))),
                message(2, Role.USER, null, null, false, null,
                        new ContentBlock.ToolResult("toolu_1", List.of(new ContentBlock.Text("```marker```")), false)),
                message(3, Role.ASSISTANT, "qwen2.5-coder:7b", "stopped_by_user", true, null,
                        new ContentBlock.Text("The marker was"))));

        String md = MarkdownExport.render(transcript);

        assertThat(md).startsWith("# Show the marker\n")
                .contains("- Conversation: `c-1`", "- Source: claude-code", "- Models: qwen2.5-coder:7b",
                        "- Tokens: 1200 input (1000 cached), 80 output")
                .contains("### User · 2026-11-21T10:00:00Z\n\n<details>\n<summary>System reminder</summary>")
                .contains("Show the marker.\n")
                .contains("### Assistant (qwen2.5-coder:7b) · 2026-11-21T10:00:01Z")
                .contains("<details>\n<summary>Thinking</summary>\n\nThe user wants the file.\n")
                .contains("**Tool call** `Bash` (`toolu_1`):\n\n```json\n{\n  \"command\" : \"cat marker.txt\"\n}\n```")
                .contains("**Tool result** for `toolu_1`:\n\n````text\n```marker```\n````")
                .contains("The marker was\n\n*Stopped by the user; the answer is partial*");
        assertThat(md.indexOf("Show the marker.")).isLessThan(md.indexOf("**Tool call**"));
        assertThat(md.indexOf("**Tool call**")).isLessThan(md.indexOf("**Tool result**"));
    }

    @Test
    void aFailedTurnSaysWhy() {
        Transcript transcript = new Transcript(conversation(null), List.of(
                message(0, Role.USER, null, "error", false,
                        new ConversationMessage.Failure("overloaded", "no worker serves the model"),
                        new ContentBlock.Text("Hello?"))));

        String md = MarkdownExport.render(transcript);

        assertThat(md).startsWith("# Untitled conversation\n")
                .contains("*The generation failed before any answer (overloaded: no worker serves the model)*");
    }

    @Test
    void aFenceIsLongerThanAnyBacktickRunInside() {
        assertThat(MarkdownExport.fenced("text", "a ``` b ```` c")).startsWith("`````text\n").endsWith("\n`````\n");
        assertThat(MarkdownExport.fenced("json", "{}")).isEqualTo("```json\n{}\n```\n");
    }
}
