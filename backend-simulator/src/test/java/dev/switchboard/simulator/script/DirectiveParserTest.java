package dev.switchboard.simulator.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.simulator.script.DirectiveItem.flag;
import static dev.switchboard.simulator.script.DirectiveItem.json;
import static dev.switchboard.simulator.script.DirectiveItem.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DirectiveParserTest {

    static Stream<Arguments> directives() {
        return Stream.of(
                arguments("no directive here", "no directive here", List.of()),
                arguments("hi [[sim echo]]", "hi ", List.of(flag("echo"))),
                arguments("[[sim reply=\"Hello there\" ttft_ms=5 tps=200]]", "",
                        List.of(text("reply", "Hello there"), text("ttft_ms", "5"), text("tps", "200"))),
                arguments("[[sim tool=Bash args={\"command\":\"echo hi\"}]]", "",
                        List.of(text("tool", "Bash"), json("args", "{\"command\":\"echo hi\"}"))),
                arguments("[[sim think=\"let me think\"]]", "", List.of(text("think", "let me think"))),
                arguments("[[sim fail=http:503]]", "", List.of(text("fail", "http:503"))),
                arguments("[[sim fail=drop_after:5]]", "", List.of(text("fail", "drop_after:5"))),
                arguments("[[sim fail=stall]]", "", List.of(text("fail", "stall"))),
                arguments("[[sim tokens=500]]", "", List.of(text("tokens", "500"))),
                arguments("[[sim reply=\"say \\\"hi\\\"\\nthen \\u00e9\"]]", "", List.of(text("reply", "say \"hi\"\nthen é"))),
                arguments("[[sim tool=X args={\"s\":\"]] and }\"}]]", "", List.of(text("tool", "X"), json("args", "{\"s\":\"]] and }\"}"))),
                arguments("[[sim args={\"a\":{\"b\":[1,2]}}]]", "", List.of(json("args", "{\"a\":{\"b\":[1,2]}}"))),
                arguments("[[sim Ttft-Ms=5]]", "", List.of(text("ttft_ms", "5"))),
                arguments("a [[sim echo]] b [[sim tps=1]] c", "a  b  c", List.of(flag("echo"), text("tps", "1"))),
                arguments("[[simulate this]]", "[[simulate this]]", List.of()),
                arguments("[[sim]]", "", List.of()),
                arguments("before\n[[sim\n  reply=\"x\"\n  echo\n]]\nafter", "before\n\nafter", List.of(text("reply", "x"), flag("echo"))),
                arguments("[[sim reply=\"\"]]", "", List.of(text("reply", ""))),
                arguments("[[sim echo tokens=3]]", "", List.of(flag("echo"), text("tokens", "3"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directives")
    void parsesDirectivesOutOfTheText(String input, String rest, List<DirectiveItem> items) {
        ParsedText parsed = DirectiveParser.parse(input);

        assertThat(parsed.items()).containsExactlyElementsOf(items);
        assertThat(parsed.text()).isEqualTo(rest);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("", List.of()),
                arguments("reply=\"Hi\" tps=100", List.of(text("reply", "Hi"), text("tps", "100"))),
                arguments("echo", List.of(flag("echo"))),
                arguments("fail=stall_after:2 tool_stream=pieces", List.of(text("fail", "stall_after:2"), text("tool_stream", "pieces"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void parsesHeaderBodiesWithoutBrackets(String body, List<DirectiveItem> items) {
        assertThat(DirectiveParser.parseBody(body)).containsExactlyElementsOf(items);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("[[sim reply=\"unterminated]]", "unterminated string"),
                arguments("[[sim echo", "missing ]]"),
                arguments("[[sim reply=]]", "expected a value after 'reply='"),
                arguments("[[sim =\"x\"]]", "expected a key"),
                arguments("[[sim args={\"a\":1", "unbalanced JSON"),
                arguments("[[sim 9x=1]]", "bad key '9x'"),
                arguments("[[sim reply=\"\\q\"]]", "bad escape \\q"),
                arguments("[[sim reply=\"\\u12\"]]", "\\u"),
                arguments("[[sim \"x\"]]", "expected a key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedDirectivesWithAMessageThatSaysWhatToFix(String input, String message) {
        assertThatThrownBy(() -> DirectiveParser.parse(input))
                .isInstanceOf(DirectiveException.class)
                .hasMessageContaining(message);
    }
}
