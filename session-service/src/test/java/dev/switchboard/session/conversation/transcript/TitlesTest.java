package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TitlesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Fix the flaky test                   | Fix the flaky test
            '  Fix   the\tflaky\n\ntest  '       | Fix the flaky test
            """)
    void aShortTextIsTheTitleOnOneLine(String text, String title) {
        assertThat(Titles.fromText(text.translateEscapes())).contains(title);
    }

    @Test
    void aLongTextIsCutAtAWordWithAnEllipsis() {
        String text = "Please refactor the session service so that conversations are stored once and in order, "
                + "whatever the client resends";
        String title = Titles.fromText(text).orElseThrow();
        assertThat(title).hasSizeLessThanOrEqualTo(Titles.MAX_LENGTH)
                .endsWith("…")
                .isEqualTo("Please refactor the session service so that conversations are stored once and…");
    }

    @Test
    void aLongWordIsCutWhereTheLimitIs() {
        String title = Titles.fromText("x".repeat(300)).orElseThrow();
        assertThat(title).hasSize(Titles.MAX_LENGTH).endsWith("…");
    }

    @Test
    void blankTextGivesNoTitle() {
        assertThat(Titles.fromText(" \n\t ")).isEmpty();
    }

    @Test
    void theFirstUserMessageWithTextGivesTheTitleAndClaudeCodesRemindersDoNot() {
        TurnMessage toolResultsOnly = TurnMessage.of(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                List.of(new ContentBlock.Text("file contents")), false)), false);
        TurnMessage claudeCodeFirst = TurnMessage.of(Role.USER, List.of(
                new ContentBlock.Text("<system-reminder>\nAvailable agent types: ...\n</system-reminder>"),
                new ContentBlock.Text("<system-reminder>\nToday's date is 2026-11-21.\n</system-reminder>\n\n"),
                new ContentBlock.Text("Say hello")), false);
        TurnMessage answer = TurnMessage.of(Role.ASSISTANT, List.of(new ContentBlock.Text("Hello!")), true);

        assertThat(Titles.derive(List.of(answer, toolResultsOnly, claudeCodeFirst))).contains("Say hello");
        assertThat(Titles.derive(List.of(answer, toolResultsOnly))).isEmpty();
    }
}
