package dev.switchboard.simulator.script;

/**
 * An injected failure. Written {@code http:503}, {@code drop_after:5} (or {@code drop}),
 * {@code stall} / {@code stall_after:3}, {@code error_after:4} (or {@code error}).
 */
public sealed interface Failure {

    /** Answer with this HTTP status and the protocol's error body, before any byte of a reply. */
    record HttpError(int status) implements Failure {
    }

    /** Failures that happen after some tokens were sent. */
    sealed interface MidStream extends Failure {
        int afterTokens();
    }

    /** Close the connection abruptly: the client sees the reply end without its final part. */
    record Drop(int afterTokens) implements MidStream {
    }

    /** Send nothing more and keep the connection open until the client goes away. */
    record Stall(int afterTokens) implements MidStream {
    }

    /** End the stream with the protocol's in-stream error event. */
    record StreamError(int afterTokens) implements MidStream {
    }

    static Failure parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        return switch (kind) {
            case "http" -> new HttpError(status(arg, spec));
            case "drop" -> new Drop(count(arg == null ? "0" : arg, spec));
            case "drop_after" -> new Drop(count(arg, spec));
            case "stall" -> new Stall(count(arg == null ? "0" : arg, spec));
            case "stall_after" -> new Stall(count(arg, spec));
            case "error" -> new StreamError(count(arg == null ? "0" : arg, spec));
            case "error_after" -> new StreamError(count(arg, spec));
            default -> throw new DirectiveException("unknown failure '" + spec
                    + "': use http:<status>, drop_after:<tokens>, stall, stall_after:<tokens> or error_after:<tokens>");
        };
    }

    private static int status(String arg, String spec) {
        int status = count(arg, spec);
        if (status < 400 || status > 599) {
            throw new DirectiveException("failure '" + spec + "': the status must be between 400 and 599");
        }
        return status;
    }

    private static int count(String arg, String spec) {
        if (arg == null || arg.isEmpty()) {
            throw new DirectiveException("failure '" + spec + "' needs a number after the colon");
        }
        try {
            int n = Integer.parseInt(arg);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new DirectiveException("failure '" + spec + "': '" + arg + "' is not a whole number >= 0");
        }
    }
}
