package dev.switchboard.simulator.ollama;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ollama's {@code keep_alive}: a number of seconds or a Go duration ({@code "5m"}, {@code "1h30m"});
 * negative keeps the model loaded for good, zero unloads it.
 */
final class KeepAlive {

    static final Duration FOREVER = Duration.ofDays(365L * 100);
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private KeepAlive() {
    }

    /** The duration asked for, or empty when the request leaves it to the default (or the value cannot be read). */
    static Optional<Duration> parse(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (value.isNumber()) {
            return Optional.of(seconds(value.doubleValue()));
        }
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().strip();
        try {
            return Optional.of(seconds(Double.parseDouble(text)));
        } catch (NumberFormatException notANumber) {
            return goDuration(text);
        }
    }

    private static Duration seconds(double seconds) {
        return seconds < 0 ? FOREVER : Duration.ofNanos((long) (seconds * 1e9));
    }

    private static Optional<Duration> goDuration(String text) {
        boolean negative = text.startsWith("-");
        String rest = negative ? text.substring(1) : text;
        Matcher m = PART.matcher(rest);
        double nanos = 0;
        int at = 0;
        while (m.lookingAt()) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
            m.region(at, rest.length());
        }
        if (at == 0 || at != rest.length()) {
            return Optional.empty();
        }
        return Optional.of(negative ? FOREVER : Duration.ofNanos((long) nanos));
    }
}
