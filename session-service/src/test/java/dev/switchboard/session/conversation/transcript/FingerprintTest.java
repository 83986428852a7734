package dev.switchboard.session.conversation.transcript;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    private static final ObjectNode LS = JsonNodeFactory.instance.objectNode().put("command", "ls");

    @Test
    void whatClientsChangeWhenTheyResendDoesNotCount() {
        String stored = Fingerprint.of(Role.ASSISTANT, List.of(
                new ContentBlock.Thinking("let me look", "sig"),
                new ContentBlock.Text("I'll list the files."),
                new ContentBlock.ToolUse("toolu_1", "Bash", LS)));
        String resent = Fingerprint.of(Role.ASSISTANT, List.of(
                new ContentBlock.Text(""),
                new ContentBlock.Text("I'll list the files.\n"),
                new ContentBlock.ToolUse("toolu_1", "Bash", JsonNodeFactory.instance.objectNode())));

        assertThat(resent).isEqualTo(stored);
    }

    @Test
    void whatTheMessageSaysCounts() {
        String base = Fingerprint.of(Role.USER, List.of(new ContentBlock.Text("yes")));

        assertThat(Fingerprint.of(Role.ASSISTANT, List.of(new ContentBlock.Text("yes")))).isNotEqualTo(base);
        assertThat(Fingerprint.of(Role.USER, List.of(new ContentBlock.Text("no")))).isNotEqualTo(base);
        assertThat(Fingerprint.of(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                List.of(new ContentBlock.Text("yes")), false)))).isNotEqualTo(base);
        assertThat(Fingerprint.of(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                List.of(new ContentBlock.Text("yes")), true))))
                .isNotEqualTo(Fingerprint.of(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                        List.of(new ContentBlock.Text("yes")), false))));
        assertThat(Fingerprint.of(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("toolu_2", "Bash", LS))))
                .isNotEqualTo(Fingerprint.of(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("toolu_1", "Bash", LS))));
    }

    @Test
    void fieldsCannotRunIntoEachOther() {
        assertThat(Fingerprint.of(Role.USER, List.of(new ContentBlock.Image("image/png", "ab"))))
                .isNotEqualTo(Fingerprint.of(Role.USER, List.of(new ContentBlock.Image("image/pnga", "b"))));
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharacters() {
        TurnMessage message = TurnMessage.of(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                List.of(new ContentBlock.Text("bin\u0000ary")), false), new ContentBlock.Text("a\u0000b")), false);

        assertThat(message.contentJson()).doesNotContain("\\u0000").contains("bin\uFFFDary");
        assertThat(message.text()).isEqualTo("a\uFFFDb");
        assertThat(ContentJson.read(message.contentJson())).hasSize(2);
    }
}
