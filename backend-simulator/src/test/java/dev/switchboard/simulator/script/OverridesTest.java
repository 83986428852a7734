package dev.switchboard.simulator.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class OverridesTest {

    private static final Behaviour DEFAULTS = new Behaviour(200, 40, new ReplySpec.Scripted("default"),
            Optional.empty(), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE);

    private static Behaviour resolve(String directive) {
        return DEFAULTS.with(Overrides.from(DirectiveParser.parse(directive).items()));
    }

    static Stream<Arguments> resolved() {
        return Stream.of(
                arguments("", DEFAULTS),
                arguments("[[sim reply=\"Hello there\" ttft_ms=5 tps=200]]", new Behaviour(5, 200,
                        new ReplySpec.Scripted("Hello there"), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim tokens_per_second=2.5 echo]]", new Behaviour(200, 2.5, new ReplySpec.Echo(),
                        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim tokens=500]]", new Behaviour(200, 40, new ReplySpec.Generated(500),
                        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim echo tokens=3]]", new Behaviour(200, 40, new ReplySpec.Generated(3),
                        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim think]]", new Behaviour(200, 40, new ReplySpec.Scripted("default"),
                        Optional.of(new Thinking.DefaultText()), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim think=\"let me think\"]]", new Behaviour(200, 40, new ReplySpec.Scripted("default"),
                        Optional.of(new Thinking.Scripted("let me think")), List.of(), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim tool=Bash args={ \"command\" : \"echo hi\" } then=\"Done.\"]]", new Behaviour(200, 40,
                        new ReplySpec.Scripted(""), Optional.empty(), List.of(new ToolSpec("Bash", "{\"command\":\"echo hi\"}")),
                        Optional.of("Done."), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim tool=Read args={\"path\":\"a\"} tool=Grep tool_stream=pieces]]", new Behaviour(200, 40,
                        new ReplySpec.Scripted(""), Optional.empty(),
                        List.of(new ToolSpec("Read", "{\"path\":\"a\"}"), new ToolSpec("Grep", "{}")),
                        Optional.empty(), Optional.empty(), ToolStream.PIECES)),
                arguments("[[sim tool=Bash args=\"{\\\"a\\\":1}\"]]", new Behaviour(200, 40, new ReplySpec.Scripted(""),
                        Optional.empty(), List.of(new ToolSpec("Bash", "{\"a\":1}")), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim reply=\"Let me look.\" tool=Bash]]", new Behaviour(200, 40, new ReplySpec.Scripted("Let me look."),
                        Optional.empty(), List.of(new ToolSpec("Bash", "{}")), Optional.empty(), Optional.empty(), ToolStream.WHOLE)),
                arguments("[[sim fail=http:503]]", DEFAULTS.with(failure(new Failure.HttpError(503)))),
                arguments("[[sim fail=drop_after:5]]", DEFAULTS.with(failure(new Failure.Drop(5)))),
                arguments("[[sim fail=drop]]", DEFAULTS.with(failure(new Failure.Drop(0)))),
                arguments("[[sim fail=stall]]", DEFAULTS.with(failure(new Failure.Stall(0)))),
                arguments("[[sim fail=stall_after:3]]", DEFAULTS.with(failure(new Failure.Stall(3)))),
                arguments("[[sim fail=error_after:4]]", DEFAULTS.with(failure(new Failure.StreamError(4)))),
                arguments("[[sim echo=false]]", DEFAULTS));
    }

    private static Overrides failure(Failure f) {
        return new Overrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.of(f), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resolved")
    void resolvesDirectivesOverTheDefaults(String directive, Behaviour expected) {
        assertThat(resolve(directive)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("[[sim bogus=1]]", "unknown simulator key 'bogus'"),
                arguments("[[sim tokens=-1]]", "tokens must be a whole number"),
                arguments("[[sim tokens=many]]", "tokens must be a whole number"),
                arguments("[[sim tps=fast]]", "tps must be a number"),
                arguments("[[sim args={\"a\":1}]]", "args must follow a tool"),
                arguments("[[sim tool=X args=[1,2]]]", "args must be a JSON object"),
                arguments("[[sim tool=X args={\"a\":}]]", "args is not valid JSON"),
                arguments("[[sim reply]]", "reply needs a value"),
                arguments("[[sim tool=\"  \"]]", "tool needs a name"),
                arguments("[[sim fail=explode]]", "unknown failure 'explode'"),
                arguments("[[sim fail=http:200]]", "between 400 and 599"),
                arguments("[[sim fail=drop_after:]]", "needs a number"),
                arguments("[[sim fail=stall_after:x]]", "not a whole number"),
                arguments("[[sim tool_stream=sometimes]]", "tool_stream must be 'whole' or 'pieces'"),
                arguments("[[sim echo=maybe]]", "echo takes no value, or true/false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsBadValuesWithAMessageThatSaysWhatToFix(String directive, String message) {
        assertThatThrownBy(() -> resolve(directive)).isInstanceOf(DirectiveException.class).hasMessageContaining(message);
    }

    @Test
    void directiveWinsOverHeadersWhichWinOverDefaults() {
        Overrides headers = Overrides.from(HeaderDirectives.items(Map.of(
                "X-Simulator-Reply", "from header", "X-Simulator-Ttft-Ms", "7").entrySet()));
        Overrides directive = Overrides.from(DirectiveParser.parse("[[sim reply=\"from directive\"]]").items());

        Behaviour b = DEFAULTS.with(headers).with(directive);

        assertThat(b.reply()).isEqualTo(new ReplySpec.Scripted("from directive"));
        assertThat(b.ttftMs()).isEqualTo(7);
        assertThat(b.tokensPerSecond()).isEqualTo(40);
    }

    @Test
    void readsHeadersAsItemsWhateverTheirOrder() {
        List<DirectiveItem> items = HeaderDirectives.items(List.of(
                Map.entry("X-Simulator-Args", "{\"command\":\"ls\"}"),
                Map.entry("x-simulator-tool", "Bash"),
                Map.entry("X-Simulator-Tokens-Per-Second", "12"),
                Map.entry("X-Simulator-Echo", ""),
                Map.entry("X-Simulator-Request-Id", "label-1"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("X-Simulator-Directive", "tool=Read args={\"p\":1} fail=stall")));

        Overrides o = Overrides.from(items);

        assertThat(o.tools()).containsExactly(new ToolSpec("Bash", "{\"command\":\"ls\"}"), new ToolSpec("Read", "{\"p\":1}"));
        assertThat(o.tokensPerSecond()).contains(12.0);
        assertThat(o.reply()).contains(new ReplySpec.Echo());
        assertThat(o.failure()).contains(new Failure.Stall(0));
    }

    @Test
    void afterToolResultsTheToolIsNotCalledAgain() {
        ReplySpec fallback = new ReplySpec.Scripted("default");
        Behaviour b = resolve("[[sim tool=Bash args={\"command\":\"ls\"} then=\"All done.\"]]").afterToolResults(fallback);

        assertThat(b.tools()).isEmpty();
        assertThat(b.reply()).isEqualTo(new ReplySpec.Scripted("All done."));
        assertThat(resolve("[[sim tool=Bash reply=\"calling\"]]").afterToolResults(fallback).reply()).isEqualTo(fallback);
    }
}
