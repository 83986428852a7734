package dev.switchboard.simulator.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one source (a model's settings, the request's headers, a directive) changes in the
 * behaviour; absent values leave the lower source's value in place.
 */
public record Overrides(
        Optional<Long> ttftMs,
        Optional<Double> tokensPerSecond,
        Optional<ReplySpec> reply,
        Optional<Thinking> thinking,
        List<ToolSpec> tools,
        Optional<String> then,
        Optional<Failure> failure,
        Optional<ToolStream> toolStream) {

    public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Every key a directive or header may use. */
    public static final List<String> KEYS = List.of("reply", "echo", "tokens", "think", "tool", "args", "then",
            "ttft_ms", "tps", "tokens_per_second", "fail", "tool_stream");

    private static final ObjectMapper JSON = new ObjectMapper();

    public Overrides {
        tools = List.copyOf(tools);
    }

    /**
     * Reads items in order; a later item wins over an earlier one, and {@code args} belongs to the
     * latest {@code tool}. Tools without a reply item mean a reply of tool calls only.
     */
    public static Overrides from(List<DirectiveItem> items) {
        Builder b = new Builder();
        for (DirectiveItem item : items) {
            b.apply(item);
        }
        return b.build();
    }

    /** This source with {@code higher} laid over it. */
    public Overrides overriddenBy(Overrides higher) {
        return new Overrides(
                higher.ttftMs.or(this::ttftMs),
                higher.tokensPerSecond.or(this::tokensPerSecond),
                higher.reply.or(this::reply),
                higher.thinking.or(this::thinking),
                higher.tools.isEmpty() ? tools : higher.tools,
                higher.then.or(this::then),
                higher.failure.or(this::failure),
                higher.toolStream.or(this::toolStream));
    }

    private static final class Builder {
        private Long ttftMs;
        private Double tokensPerSecond;
        private ReplySpec reply;
        private Thinking thinking;
        private final List<ToolSpec> tools = new ArrayList<>();
        private String then;
        private Failure failure;
        private ToolStream toolStream;

        void apply(DirectiveItem item) {
            String key = item.key();
            DirectiveValue value = item.value();
            switch (key) {
                case "reply" -> reply = new ReplySpec.Scripted(text(key, value));
                case "echo" -> {
                    if (flag(key, value)) {
                        reply = new ReplySpec.Echo();
                    }
                }
                case "tokens" -> reply = new ReplySpec.Generated((int) whole(key, value, Integer.MAX_VALUE));
                case "think" -> thinking = value instanceof DirectiveValue.Flag
                        ? new Thinking.DefaultText()
                        : new Thinking.Scripted(text(key, value));
                case "tool" -> {
                    String name = text(key, value).strip();
                    if (name.isEmpty()) {
                        throw new DirectiveException("tool needs a name, e.g. tool=Bash");
                    }
                    tools.add(new ToolSpec(name, "{}"));
                }
                case "args" -> {
                    if (tools.isEmpty()) {
                        throw new DirectiveException("args must follow a tool, e.g. tool=Bash args={\"command\":\"ls\"}");
                    }
                    int last = tools.size() - 1;
                    tools.set(last, tools.get(last).withArguments(jsonObject(key, value)));
                }
                case "then" -> then = text(key, value);
                case "ttft_ms" -> ttftMs = whole(key, value, Long.MAX_VALUE);
                case "tps", "tokens_per_second" -> tokensPerSecond = decimal(key, value);
                case "fail" -> failure = Failure.parse(text(key, value));
                case "tool_stream" -> toolStream = ToolStream.parse(text(key, value));
                default -> throw new DirectiveException("unknown simulator key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }

        Overrides build() {
            if (!tools.isEmpty() && reply == null) {
                // a tool call alone: no text before it
                reply = new ReplySpec.Scripted("");
            }
            return new Overrides(Optional.ofNullable(ttftMs), Optional.ofNullable(tokensPerSecond),
                    Optional.ofNullable(reply), Optional.ofNullable(thinking), tools, Optional.ofNullable(then),
                    Optional.ofNullable(failure), Optional.ofNullable(toolStream));
        }

        private static String text(String key, DirectiveValue value) {
            return switch (value) {
                case DirectiveValue.Text t -> t.text();
                case DirectiveValue.Json j -> j.json();
                case DirectiveValue.Flag f -> throw new DirectiveException(key + " needs a value, e.g. " + key + "=\"...\"");
            };
        }

        private static boolean flag(String key, DirectiveValue value) {
            if (value instanceof DirectiveValue.Flag) {
                return true;
            }
            String text = text(key, value).strip().toLowerCase(Locale.ROOT);
            return switch (text) {
                case "", "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new DirectiveException(key + " takes no value, or true/false; not '" + text + "'");
            };
        }

        private static long whole(String key, DirectiveValue value, long max) {
            String text = text(key, value).strip();
            try {
                long n = Long.parseLong(text);
                if (n < 0 || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new DirectiveException(key + " must be a whole number >= 0, not '" + text + "'");
            }
        }

        private static double decimal(String key, DirectiveValue value) {
            String text = text(key, value).strip();
            try {
                double d = Double.parseDouble(text);
                if (!(d >= 0) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new DirectiveException(key + " must be a number >= 0, not '" + text + "'");
            }
        }

        private static String jsonObject(String key, DirectiveValue value) {
            String text = text(key, value);
            try {
                JsonNode node = JSON.readTree(text);
                if (node == null || !node.isObject()) {
                    throw new DirectiveException(key + " must be a JSON object, e.g. {\"command\":\"ls\"}");
                }
                return JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new DirectiveException(key + " is not valid JSON: " + e.getOriginalMessage());
            }
        }
    }
}
