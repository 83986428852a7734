package dev.switchboard.simulator.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TokenizerTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                arguments("", List.of()),
                arguments("Hello there, friend.", List.of("Hello", " there", ",", " friend", ".")),
                arguments("w1 w2 w3", List.of("w1", " w2", " w3")),
                arguments("a  b", List.of("a", " ", " b")),
                arguments("line1\n\nline2", List.of("line1", "\n\n", "line2")),
                arguments("supercalifragilistic", List.of("supercalif", "ragilistic")),
                arguments(" leading", List.of(" leading")),
                arguments("trailing ", List.of("trailing", " ")),
                arguments("tab\tx", List.of("tab", "\t", "x")),
                arguments("end \nnext", List.of("end", " ", "\n", "next")),
                arguments("emoji 😀!", List.of("emoji", " 😀", "!")),
                arguments("{\"command\":\"echo hi\"}", List.of("{", "\"", "command", "\"", ":", "\"", "echo", " hi", "\"", "}")),
                arguments("naïve café", List.of("naïve", " café")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void splitsLikeARealTokenizerAndJoinsBackToTheText(String text, List<String> tokens) {
        List<String> actual = Tokenizer.tokens(text);

        assertThat(actual).containsExactlyElementsOf(tokens);
        assertThat(String.join("", actual)).isEqualTo(text);
        assertThat(Tokenizer.count(text)).isEqualTo(tokens.size());
    }

    @ParameterizedTest
    @MethodSource("generated")
    void generatedRepliesHaveExactlyTheTokensAsked(int n) {
        String text = new ReplySpec.Generated(n).render("");

        List<String> tokens = Tokenizer.tokens(text);

        assertThat(tokens).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(tokens.get(i).strip()).isEqualTo("w" + (i + 1));
        }
    }

    static Stream<Integer> generated() {
        return Stream.of(0, 1, 2, 10, 512, 1000);
    }
}
