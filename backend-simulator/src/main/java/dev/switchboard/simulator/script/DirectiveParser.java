package dev.switchboard.simulator.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds {@code [[sim key=value ...]]} directives in a message text and parses their items.
 *
 * <pre>
 * directive := "[[sim" (item)* "]]"
 * item      := key ("=" value)?
 * key       := letter (letter | digit | "_" | "-")*        ("-" is read as "_")
 * value     := "quoted string with JSON escapes" | {JSON object} | [JSON array] | bare-word
 * bare-word := characters up to whitespace, "=", a quote or "]]"
 * </pre>
 */
public final class DirectiveParser {

    private static final String OPEN = "[[sim";
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    private DirectiveParser() {
    }

    /** Takes every directive out of {@code text}; the remaining text keeps everything else as it was. */
    public static ParsedText parse(String text) {
        if (text == null || text.isEmpty()) {
            return new ParsedText("", List.of());
        }
        StringBuilder rest = new StringBuilder(text.length());
        List<DirectiveItem> items = new ArrayList<>();
        int from = 0;
        int open;
        while ((open = findOpen(text, from)) >= 0) {
            rest.append(text, from, open);
            DirectiveLexer lexer = new DirectiveLexer(text, open + OPEN.length(), true);
            parseItems(lexer, items);
            from = lexer.position();
        }
        rest.append(text, from, text.length());
        return new ParsedText(rest.toString(), items);
    }

    /** Parses a directive body without brackets, as the {@code X-Simulator-Directive} header carries it. */
    public static List<DirectiveItem> parseBody(String body) {
        List<DirectiveItem> items = new ArrayList<>();
        parseItems(new DirectiveLexer(body == null ? "" : body, 0, false), items);
        return items;
    }

    /** Normalises a key as written ({@code Ttft-Ms}, {@code ttft_ms}) to its canonical form. */
    public static String normaliseKey(String raw) {
        return raw.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static int findOpen(String text, int from) {
        int at = text.indexOf(OPEN, from);
        while (at >= 0) {
            int after = at + OPEN.length();
            if (after >= text.length() || Character.isWhitespace(text.charAt(after)) || text.startsWith("]]", after)) {
                return at;
            }
            at = text.indexOf(OPEN, after);
        }
        return -1;
    }

    private static void parseItems(DirectiveLexer lexer, List<DirectiveItem> items) {
        DirectiveLexer.Token token = lexer.next();
        while (token.kind() != DirectiveLexer.Kind.CLOSE && token.kind() != DirectiveLexer.Kind.END) {
            if (token.kind() != DirectiveLexer.Kind.WORD) {
                throw new DirectiveException("expected a key at offset " + token.offset() + " but found " + describe(token));
            }
            String key = normaliseKey(token.text());
            if (!KEY.matcher(key).matches()) {
                throw new DirectiveException("bad key '" + token.text() + "' at offset " + token.offset()
                        + ": keys are letters, digits and _ (quote values that contain '=')");
            }
            DirectiveLexer.Token after = lexer.next();
            if (after.kind() != DirectiveLexer.Kind.EQUALS) {
                items.add(DirectiveItem.flag(key));
                token = after;
                continue;
            }
            DirectiveLexer.Token value = lexer.next();
            switch (value.kind()) {
                case STRING, WORD -> items.add(DirectiveItem.text(key, value.text()));
                case JSON -> items.add(DirectiveItem.json(key, value.text()));
                default -> throw new DirectiveException("expected a value after '" + key + "=' at offset " + value.offset()
                        + " but found " + describe(value));
            }
            token = lexer.next();
        }
    }

    private static String describe(DirectiveLexer.Token token) {
        return switch (token.kind()) {
            case END -> "the end of the directive";
            case CLOSE -> "]]";
            default -> "'" + token.text() + "'";
        };
    }
}
