package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;

import java.util.List;

/**
 * The text a search looks at: what the user and the assistant wrote. Tool calls and results
 * (file contents, command output) and thinking are left out: they are most of a coding
 * conversation's bytes and would make every search match everything.
 */
public final class SearchText {

    private SearchText() {
    }

    public static String of(List<ContentBlock> content) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                String prose = SystemReminders.strip(t.text()).strip();
                if (!prose.isEmpty()) {
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append(prose);
                }
            }
        }
        return text.toString();
    }
}
