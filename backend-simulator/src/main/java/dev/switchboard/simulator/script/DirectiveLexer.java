package dev.switchboard.simulator.script;

/**
 * Splits the body of a directive into tokens: words (keys and bare values), {@code =}, quoted
 * strings with JSON escapes, JSON objects or arrays (balanced, strings respected), and the closing
 * {@code ]]} when the directive is bracketed.
 */
final class DirectiveLexer {

    enum Kind { WORD, EQUALS, STRING, JSON, CLOSE, END }

    record Token(Kind kind, String text, int offset) {
    }

    private final String source;
    private final boolean bracketed;
    private int position;

    DirectiveLexer(String source, int start, boolean bracketed) {
        this.source = source;
        this.position = start;
        this.bracketed = bracketed;
    }

    /** Offset just after the last token read. */
    int position() {
        return position;
    }

    Token next() {
        skipWhitespace();
        int start = position;
        if (position >= source.length()) {
            if (bracketed) {
                throw new DirectiveException("unterminated [[sim directive: missing ]] (opened before offset " + start + ")");
            }
            return new Token(Kind.END, "", start);
        }
        char c = source.charAt(position);
        if (bracketed && source.startsWith("]]", position)) {
            position += 2;
            return new Token(Kind.CLOSE, "]]", start);
        }
        if (c == '=') {
            position++;
            return new Token(Kind.EQUALS, "=", start);
        }
        if (c == '"') {
            return new Token(Kind.STRING, readString(), start);
        }
        if (c == '{' || c == '[') {
            return new Token(Kind.JSON, readJson(), start);
        }
        return new Token(Kind.WORD, readWord(), start);
    }

    private void skipWhitespace() {
        while (position < source.length() && Character.isWhitespace(source.charAt(position))) {
            position++;
        }
    }

    private String readWord() {
        int start = position;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (Character.isWhitespace(c) || c == '=' || c == '"' || (bracketed && source.startsWith("]]", position))) {
                break;
            }
            position++;
        }
        return source.substring(start, position);
    }

    private String readString() {
        int start = position;
        position++; // opening quote
        StringBuilder out = new StringBuilder();
        while (position < source.length()) {
            char c = source.charAt(position++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (position >= source.length()) {
                break;
            }
            char escaped = source.charAt(position++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> out.append(readUnicodeEscape());
                default -> throw new DirectiveException(
                        "bad escape \\" + escaped + " in the string at offset " + start + " (use \\\" \\\\ \\n \\t \\uXXXX)");
            }
        }
        throw new DirectiveException("unterminated string starting at offset " + start + ": add the closing \"");
    }

    private char readUnicodeEscape() {
        if (position + 4 > source.length()) {
            throw new DirectiveException("incomplete \\u escape at offset " + (position - 2));
        }
        String hex = source.substring(position, position + 4);
        try {
            position += 4;
            return (char) Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new DirectiveException("bad \\u escape \\u" + hex);
        }
    }

    private String readJson() {
        int start = position;
        int depth = 0;
        boolean inString = false;
        while (position < source.length()) {
            char c = source.charAt(position++);
            if (inString) {
                if (c == '\\') {
                    position++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    depth--;
                    if (depth == 0) {
                        return source.substring(start, position);
                    }
                }
                default -> {
                }
            }
        }
        throw new DirectiveException("unbalanced JSON value starting at offset " + start + ": close every { and [");
    }
}
