package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Role;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Tells whether a message the client sends again is one already stored. Clients do not resend
 * a message byte for byte, so the fingerprint leaves out what they are known to change:
 * thinking blocks (dropped or kept at will), empty text blocks and whitespace around text
 * (Claude Code adds an empty text block before a tool call), the split of text into blocks, and a
 * tool call's input (streaming clients are known to lose it and send {@code {}} back). A tool
 * call is known by its id and name, a tool result by its call's id and its text.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(Role role, List<ContentBlock> content) {
        Digest digest = new Digest();
        digest.field(role.wireName());
        blocks(digest, content);
        return digest.hex();
    }

    private static void blocks(Digest digest, List<ContentBlock> content) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            switch (block) {
                case ContentBlock.Text t -> text.append(t.text()).append('\n');
                // Thinking neither counts nor splits the text around it.
                case ContentBlock.Thinking ignored -> {
                }
                case ContentBlock.Image image -> {
                    flushText(digest, text);
                    digest.field("image");
                    digest.field(image.mediaType());
                    digest.field(image.data());
                }
                case ContentBlock.ToolUse use -> {
                    flushText(digest, text);
                    digest.field("tool_use");
                    digest.field(use.id());
                    digest.field(use.name());
                }
                case ContentBlock.ToolResult result -> {
                    flushText(digest, text);
                    digest.field("tool_result");
                    digest.field(result.toolUseId());
                    digest.field(Boolean.toString(result.isError()));
                    blocks(digest, result.content());
                    digest.field("end_tool_result");
                }
            }
        }
        flushText(digest, text);
    }

    private static void flushText(Digest digest, StringBuilder text) {
        String stripped = text.toString().strip();
        text.setLength(0);
        if (!stripped.isEmpty()) {
            digest.field("text");
            digest.field(stripped);
        }
    }

    /** Length-prefixed fields, so that no two different field sequences hash alike. */
    private static final class Digest {

        private final MessageDigest sha256;

        Digest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        void field(String value) {
            byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
            sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            sha256.update(bytes);
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
