package dev.switchboard.session.conversation.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.json.Json;
import dev.switchboard.session.conversation.service.Conversation;
import dev.switchboard.session.conversation.service.ConversationMessage;
import dev.switchboard.session.conversation.service.Transcript;
import dev.switchboard.session.conversation.transcript.SystemReminders;
import dev.switchboard.session.conversation.transcript.TurnOutcome;

import java.util.Locale;

/**
 * A conversation as a Markdown transcript a person reads: each message under a heading, tool
 * calls and results in fenced blocks, thinking and Claude Code's system reminders folded away.
 */
public final class MarkdownExport {

    private MarkdownExport() {
    }

    public static String render(Transcript transcript) {
        StringBuilder md = new StringBuilder();
        header(md, transcript.conversation());
        for (ConversationMessage message : transcript.messages()) {
            message(md, message);
        }
        return md.toString();
    }

    private static void header(StringBuilder md, Conversation conversation) {
        md.append("# ").append(conversation.title() == null ? "Untitled conversation" : oneLine(conversation.title()))
                .append("\n\n");
        md.append("- Conversation: `").append(conversation.id()).append("`\n");
        md.append("- Source: ").append(conversation.source().wireName()).append('\n');
        if (!conversation.models().isEmpty()) {
            md.append("- Models: ").append(String.join(", ", conversation.models())).append('\n');
        }
        md.append("- Created: ").append(conversation.createdAt()).append('\n');
        md.append("- Updated: ").append(conversation.updatedAt()).append('\n');
        Conversation.TokenTotals tokens = conversation.tokens();
        md.append("- Tokens: ").append(tokens.inputTokens()).append(" input (").append(tokens.cachedInputTokens())
                .append(" cached), ").append(tokens.outputTokens()).append(" output\n");
        if (conversation.archived()) {
            md.append("- Archived\n");
        }
    }

    private static void message(StringBuilder md, ConversationMessage message) {
        md.append("\n---\n\n### ").append(message.speaker() != null ? message.speaker() : capitalized(message.role().wireName()));
        if (message.model() != null) {
            md.append(" (").append(message.model()).append(')');
        }
        md.append(" · ").append(message.createdAt()).append("\n\n");
        for (ContentBlock block : message.content()) {
            block(md, block);
        }
        ending(md, message);
    }

    private static void block(StringBuilder md, ContentBlock block) {
        switch (block) {
            case ContentBlock.Text text when text.text().isBlank() -> {
            }
            case ContentBlock.Text text when SystemReminders.isReminder(text.text()) ->
                    folded(md, "System reminder", fenced("text", text.text().strip()));
            case ContentBlock.Text text -> md.append(text.text().strip()).append("\n\n");
            case ContentBlock.Thinking thinking -> folded(md, "Thinking", thinking.thinking() == null ? ""
                    : thinking.thinking().strip() + "\n");
            case ContentBlock.Image image -> md.append("*[image, ").append(image.mediaType()).append(", ")
                    .append(image.data() == null ? 0 : image.data().length() * 3 / 4).append(" bytes]*\n\n");
            case ContentBlock.ToolUse use -> md.append("**Tool call** `").append(use.name()).append("` (`")
                    .append(use.id()).append("`):\n\n").append(fenced("json", json(use))).append('\n');
            case ContentBlock.ToolResult result -> {
                md.append("**Tool result** for `").append(result.toolUseId()).append('`')
                        .append(result.isError() ? " (error)" : "").append(":\n\n");
                md.append(fenced("text", result.text())).append('\n');
                result.content().stream().filter(ContentBlock.Image.class::isInstance).forEach(image -> block(md, image));
            }
        }
    }

    private static void ending(StringBuilder md, ConversationMessage message) {
        boolean answer = message.role() == Role.ASSISTANT;
        String note = switch (message.stopReason() == null ? "" : message.stopReason()) {
            case TurnOutcome.STOPPED_BY_USER -> answer ? "Stopped by the user; the answer is partial"
                    : "Stopped by the user before any answer";
            case TurnOutcome.INTERRUPTED -> answer ? "Interrupted; the answer is partial" : "Interrupted before any answer";
            case TurnOutcome.ERROR -> answer ? "The generation failed; the answer is partial"
                    : "The generation failed before any answer";
            case "max_tokens" -> "The answer reached its token limit";
            case "stop_sequence" -> "The answer ended at a stop sequence";
            default -> null;
        };
        if (note == null) {
            return;
        }
        md.append('*').append(note);
        ConversationMessage.Failure error = message.error();
        if (error != null) {
            md.append(" (").append(error.type() == null ? "error" : error.type());
            if (error.message() != null) {
                md.append(": ").append(oneLine(error.message()));
            }
            md.append(')');
        }
        md.append("*\n\n");
    }

    private static void folded(StringBuilder md, String summary, String body) {
        md.append("<details>\n<summary>").append(summary).append("</summary>\n\n").append(body)
                .append("\n</details>\n\n");
    }

    /** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
    static String fenced(String language, String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + language + '\n' + content + (content.endsWith("\n") ? "" : "\n") + fence + '\n';
    }

    private static String json(ContentBlock.ToolUse use) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(use.input());
        } catch (JsonProcessingException e) {
            return String.valueOf(use.input());
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String capitalized(String role) {
        return role.substring(0, 1).toUpperCase(Locale.ROOT) + role.substring(1);
    }
}
